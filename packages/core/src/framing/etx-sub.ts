import { stuffBytes, UnstuffStream } from './byte-stuffing.js';

const ETX = 0x03;
const SUB = 0x1a;

/** The byte that ends a SIMCom `AT+CFTPSPUT` unlimited upload stream (Ctrl-Z). */
export const SUB_END = Uint8Array.of(SUB);

/**
 * Escapes a payload for the SIMCom `AT+CFTPSPUT` unlimited upload stream
 * (A76XX AT manual V1.09 §17.2.14, SIM7500/7600 V3.00 §12.2.14): ETX (0x03)
 * is the escape byte, so payload 0x03 goes as `03 03` and payload 0x1A as
 * `03 1A`; only a bare 0x1A ends the file. This is not the DLE convention of
 * {@link escapeDle}. Each byte is escaped on its own, so chunks may be escaped
 * separately; the terminating {@link SUB_END} is sent once, after the last one.
 */
export function escapeEtxSub(payload: Uint8Array): Uint8Array {
  return stuffBytes(payload, ETX, ETX, SUB);
}

/** What {@link EtxSubDecoder.push} found in one chunk. */
export interface EtxSubChunk {
  /** Payload bytes recovered from this chunk. */
  readonly data: Uint8Array;
  /** True once the bare 0x1A that ends the stream was seen. */
  readonly ended: boolean;
  /** Bytes of the chunk after the terminator (they belong to whatever follows the stream). */
  readonly rest: Uint8Array;
}

/**
 * Streaming inverse of {@link escapeEtxSub}: an escape byte at the end of one
 * chunk applies to the first byte of the next. A lone ETX before any other
 * byte is taken literally after the escape (`03 41` → `41`), as the manuals
 * only name 0x03 and 0x1A as escaped. Serves tests and virtual modems.
 */
export class EtxSubDecoder {
  readonly #stream = new UnstuffStream(ETX, SUB);

  get ended(): boolean {
    return this.#stream.ended;
  }

  push(chunk: Uint8Array): EtxSubChunk {
    if (this.#stream.ended) return { data: new Uint8Array(0), ended: true, rest: chunk };
    const { data, used, ended } = this.#stream.push(chunk);
    return { data, ended, rest: chunk.subarray(used) };
  }
}

/** Removes the escaping of a complete stream; stops at the terminator if present. */
export function unescapeEtxSub(stuffed: Uint8Array): Uint8Array {
  return new EtxSubDecoder().push(stuffed).data;
}
