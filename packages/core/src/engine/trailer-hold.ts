import { copyBytes } from '../transport/copy-bytes.js';
import type { TrailerFacts } from './command.js';

const EMPTY = new Uint8Array(0);

/**
 * The held-back tail of an exact-length payload whose command declared a
 * {@link TrailerFacts trailer}: the last `maxBytes` are kept from the sink
 * until more payload pushes them out or the phase ends, so a trailer found
 * there can still be taken back out of the payload.
 */
export class TrailerHold {
  #held: Uint8Array = EMPTY;
  #match: RegExpExecArray | null = null;

  constructor(readonly facts: TrailerFacts) {}

  /** The trailer the held tail ends with, if it does. */
  get match(): RegExpExecArray | null {
    return this.#match;
  }

  /** Takes a payload chunk (a view; copied where kept) and returns the bytes now safe to deliver, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const max = this.facts.maxBytes;
    let released: Uint8Array[];
    if (chunk.length >= max) {
      // Hot path: only the chunk's last maxBytes are copied (a Buffer's own slice() would be a view of the caller's memory).
      released = [this.#held, chunk.subarray(0, chunk.length - max)];
      this.#held = copyBytes(chunk, chunk.length - max);
    } else {
      const all = new Uint8Array(this.#held.length + chunk.length);
      all.set(this.#held);
      all.set(chunk, this.#held.length);
      const keep = Math.min(max, all.length);
      released = [all.subarray(0, all.length - keep)];
      this.#held = all.subarray(all.length - keep);
    }
    this.#match = this.facts.pattern.exec(latin1(this.#held));
    return released.filter((part) => part.length > 0);
  }

  /** The phase completed: every held byte is payload. */
  flush(): Uint8Array {
    const rest = this.#held;
    this.#held = EMPTY;
    this.#match = null;
    return rest;
  }

  /** The trailer ended the phase: the held bytes before it are payload, the trailer is not. */
  salvage(): Uint8Array {
    const before = this.#match ? this.#held.subarray(0, this.#match.index) : this.#held;
    this.#held = EMPTY;
    return before;
  }
}

/** The tail as latin1 text, one char per byte: one native call on the held tail (no copy, no decoder per chunk). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}
