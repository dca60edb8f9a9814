import type { AtOutput } from '../common/output.js';

/** Read-ahead the module holds between the FTP data connection and the UART (bytes). */
export const READ_AHEAD_BYTES = 64 * 1024;
/** Bytes handed to the line at a time. */
const SLICE_BYTES = 1024;
/**
 * Refill mark: a new slice goes to the line while up to this much is still queued on it, so the line never
 * idles between slices; it also bounds what is already on the wire when `+++` aborts (≈ 0.2 s at 115200, 22
 * ms at 921600).
 */
const LINE_KEEP_BYTES = 2 * SLICE_BYTES;

/**
 * A COM: download's data phase. The module streams from its buffer while it keeps reading from the server:
 * `write()` (the FTP sink) fills a bounded read-ahead buffer and only blocks — backpressure on the data
 * socket — when it is full; a pump moves the buffer to the paced line slice by slice, refilling before the
 * line runs dry. The line rate is the only limit.
 */
export class LineFeeder {
  /** Bytes handed to the line. */
  sent = 0;
  readonly #out: AtOutput;
  readonly #capacity: number;
  readonly #onFirstByte: () => void;
  #buffer: Buffer[] = [];
  #buffered = 0;
  #pumping = false;
  #stopped = false;
  #roomWaiters: Array<() => void> = [];
  #emptyWaiters: Array<() => void> = [];

  constructor(out: AtOutput, onFirstByte: () => void, capacity = READ_AHEAD_BYTES) {
    this.#out = out;
    this.#onFirstByte = onFirstByte;
    this.#capacity = capacity;
  }

  /** Takes bytes from the server; resolves when the buffer has room for more. */
  write(chunk: Buffer): Promise<void> {
    if (this.#stopped || chunk.length === 0) return Promise.resolve();
    this.#buffer.push(chunk);
    this.#buffered += chunk.length;
    if (!this.#pumping) void this.#pump();
    if (this.#buffered < this.#capacity) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Resolves once every buffered byte has been handed to the line. */
  drained(): Promise<void> {
    if (this.#buffered === 0 || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#emptyWaiters.push(resolve));
  }

  /** Drops what is buffered (`+++` abort) and releases a blocked writer. */
  stop(): void {
    this.#stopped = true;
    this.#buffer = [];
    this.#buffered = 0;
    this.#wake();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    while (this.#buffered > 0 && !this.#stopped) {
      const slice = this.#take(SLICE_BYTES);
      if (this.sent === 0) this.#onFirstByte();
      this.#out.raw(slice);
      this.sent += slice.length;
      if (this.#buffered < this.#capacity) for (const w of this.#roomWaiters.splice(0)) w();
      await this.#out.flushed(LINE_KEEP_BYTES);
    }
    this.#pumping = false;
    this.#wake();
  }

  #take(max: number): Buffer {
    const head = this.#buffer[0] as Buffer;
    const part = head.length <= max ? head : head.subarray(0, max);
    if (part === head) this.#buffer.shift();
    else this.#buffer[0] = head.subarray(max);
    this.#buffered -= part.length;
    return part;
  }

  #wake(): void {
    if (this.#buffered < this.#capacity) for (const w of this.#roomWaiters.splice(0)) w();
    if (this.#buffered === 0) for (const w of this.#emptyWaiters.splice(0)) w();
  }
}
