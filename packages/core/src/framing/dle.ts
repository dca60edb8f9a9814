import { stuffBytes } from './byte-stuffing.js';

const ETX = 0x03;
const DLE = 0x10;

/**
 * Byte-stuffs a payload for an ETX-terminated transparent upload (SIMCom
 * `AT+FTPETPUT`, manual §15.2.24): 0x03 and 0x10 are each preceded by DLE so
 * the module takes only a bare ETX as end of file. The terminating ETX is not
 * added here; the caller sends it once, after the last chunk.
 */
export function escapeDle(payload: Uint8Array): Uint8Array {
  return stuffBytes(payload, DLE, ETX, DLE);
}

/**
 * Removes DLE stuffing from a complete stuffed payload (no terminating ETX).
 * The streaming form lives in the tokenizer's `etx` mode; this one serves
 * tests and the emulator.
 */
export function unescapeDle(stuffed: Uint8Array): Uint8Array {
  const out = new Uint8Array(stuffed.length);
  let at = 0;
  for (let i = 0; i < stuffed.length; i++) {
    const byte = stuffed[i] as number;
    if (byte === DLE && i + 1 < stuffed.length) {
      out[at++] = stuffed[++i] as number;
    } else {
      out[at++] = byte;
    }
  }
  return out.subarray(0, at);
}
