/**
 * The unlimited `AT+CFTPSPUT` stream (A-MAN §17.2.14, S-MAN, M-MAN): payload
 * ended by a single SUB (0x1A), with ETX (0x03) as the escape byte, so payload
 * 0x1A travels as `03 1A` and 0x03 as `03 03`. Not the SIM7080's DLE/ETX.
 */

const ETX = 0x03;
const SUB = 0x1a;

/** One decoded piece of host bytes. */
export interface Decoded {
  /** Payload bytes, unescaped. */
  data: Buffer;
  /** Host bytes consumed (through the terminator when `done`). */
  used: number;
  /** The terminating bare SUB was seen. */
  done: boolean;
}

export class EtxSubDecoder {
  #escaped = false;

  /**
   * Decodes `chunk`; an escape split across chunks carries over. An ETX before
   * any other byte takes that byte literally [I: the manuals name only 03 and 1A].
   */
  push(chunk: Uint8Array): Decoded {
    const data = Buffer.alloc(chunk.length);
    let n = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.#escaped) {
        this.#escaped = false;
        data[n++] = byte;
      } else if (byte === ETX) this.#escaped = true;
      else if (byte === SUB) return { data: data.subarray(0, n), used: i + 1, done: true };
      else data[n++] = byte;
    }
    return { data: data.subarray(0, n), used: chunk.length, done: false };
  }
}
