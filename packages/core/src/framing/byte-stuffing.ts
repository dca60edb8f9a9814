/**
 * Precedes every occurrence of `first` or `second` in `payload` with `escape`:
 * the shape both SIMCom transparent-upload conventions share (DLE before ETX
 * and DLE for `AT+FTPETPUT`; ETX before ETX and SUB for `AT+CFTPSPUT`). A
 * payload without either byte is returned as it is, without a copy, since
 * most chunks of most files need no stuffing.
 */
export function stuffBytes(payload: Uint8Array, escape: number, first: number, second: number): Uint8Array {
  let specials = 0;
  for (const byte of payload) if (byte === first || byte === second) specials++;
  if (specials === 0) return payload;
  const out = new Uint8Array(payload.length + specials);
  let at = 0;
  for (const byte of payload) {
    if (byte === first || byte === second) out[at++] = escape;
    out[at++] = byte;
  }
  return out;
}

/** What {@link UnstuffStream.push} found in one chunk. */
export interface UnstuffedChunk {
  /** Payload bytes recovered from this chunk (a view of a fresh buffer). */
  readonly data: Uint8Array;
  /** Bytes of the chunk consumed: all of it, or through the terminator when `ended`. */
  readonly used: number;
  /** True once the bare terminator was consumed. */
  readonly ended: boolean;
}

/**
 * Streaming inverse of {@link stuffBytes} for a stream ended by a bare `end`
 * byte: an `escape` makes the next byte literal whatever it is (an escape at
 * the end of one chunk applies to the first byte of the next), since the
 * manuals only name the two stuffed bytes and say nothing of others. Serves
 * the virtual modems (both SIMCom upload streams) and tests; the host's own
 * download framing lives in the tokenizer.
 */
export class UnstuffStream {
  #escaped = false;
  #ended = false;

  constructor(
    private readonly escape: number,
    private readonly end: number,
  ) {}

  get ended(): boolean {
    return this.#ended;
  }

  push(chunk: Uint8Array): UnstuffedChunk {
    if (this.#ended) return { data: new Uint8Array(0), used: 0, ended: true };
    const out = new Uint8Array(chunk.length);
    let at = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.#escaped) {
        this.#escaped = false;
        out[at++] = byte;
      } else if (byte === this.escape) {
        this.#escaped = true;
      } else if (byte === this.end) {
        this.#ended = true;
        return { data: out.subarray(0, at), used: i + 1, ended: true };
      } else {
        out[at++] = byte;
      }
    }
    return { data: out.subarray(0, at), used: chunk.length, ended: false };
  }
}
