/**
 * DLE/ETX framing of AT+FTPETPUT / AT+FTPETGET (AT manual V1.05 §15.2.24–25
 * notes): in data mode a bare ETX (0x03) ends the file, and payload ETX and
 * DLE (0x10) bytes travel as DLE ETX and DLE DLE. Core's `unescapeDle` takes a
 * complete payload; the modem needs the streaming decoder below, which also
 * finds the bare ETX.
 */

export const ETX = 0x03;
export const DLE = 0x10;

/**
 * Escapes payload bytes for the serial line (modem → host in FTPETGET): the
 * same vendor-neutral stuffing the host side uses, so it comes from core.
 */
export { escapeDle as stuff } from '@cellftp/core';

/** Result of feeding bytes to an {@link Unstuffer}. */
export interface UnstuffResult {
  /** Decoded payload bytes. */
  payload: Uint8Array;
  /** Bytes of the input consumed (all of it unless the end was found). */
  consumed: number;
  /** True once the bare ETX that ends the file was consumed. */
  ended: boolean;
}

/**
 * Decodes the host's stuffed stream (FTPETPUT), across chunk boundaries. A DLE
 * makes the next byte literal whatever it is — the manual only says an ETX
 * preceded by DLE is data, so DLE followed by another byte yields that byte.
 */
export class Unstuffer {
  #pendingDle = false;

  push(chunk: Uint8Array): UnstuffResult {
    const out = new Uint8Array(chunk.length);
    let j = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.#pendingDle) {
        this.#pendingDle = false;
        out[j++] = b;
      } else if (b === DLE) {
        this.#pendingDle = true;
      } else if (b === ETX) {
        return { payload: out.subarray(0, j), consumed: i + 1, ended: true };
      } else {
        out[j++] = b;
      }
    }
    return { payload: out.subarray(0, j), consumed: chunk.length, ended: false };
  }
}
