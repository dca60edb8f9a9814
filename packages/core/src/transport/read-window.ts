/** The flow control of a readable stream: what a {@link ReadWindow} drives. */
export interface Pausable {
  pause(): unknown;
  resume(): unknown;
}

/** A bulk chunk is at least this long: command answers are shorter and never wait. */
export const BULK_CHUNK_BYTES = 256;

/**
 * Batches a serial line's reads in the kernel. A line at 921600 baud wakes the
 * process for every few hundred bytes; each wake-up costs far more than the
 * bytes (the loop, a read, a Buffer, the engine's routing and the sink's write
 * per chunk). After a bulk chunk the stream is paused for `windowMs`: with a
 * `highWaterMark` of 0 (a tty ReadStream's) a paused stream stops reading, so
 * the bytes wait in the tty's buffer and the next read takes them all at once.
 *
 * Only bulk chunks (≥ {@link BULK_CHUNK_BYTES}) open a window, so an AT answer
 * after a quiet line is delivered at once; the first bytes after a bulk chunk
 * wait at most `windowMs`. Keep the window well under what the tty buffers
 * (Linux: a 4 KiB line discipline buffer, then 64 KiB of flip buffers; 20 ms
 * at 921600 baud is about 1840 bytes).
 *
 * The caller's own pause/resume (the engine's backpressure) goes through
 * {@link ReadWindow.pause} and {@link ReadWindow.resume}, so a window ending
 * never resumes a line the caller paused.
 */
export class ReadWindow {
  #callerPaused = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly stream: Pausable,
    readonly windowMs: number,
  ) {}

  /** Call after each chunk was handed on. */
  afterChunk(length: number): void {
    if (this.windowMs <= 0 || length < BULK_CHUNK_BYTES || this.#timer !== undefined || this.#callerPaused) return;
    this.stream.pause();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#callerPaused) this.stream.resume();
    }, this.windowMs);
    // The stream keeps the process alive while it is open; the window alone must not.
    this.#timer.unref?.();
  }

  pause(): void {
    this.#callerPaused = true;
    this.stream.pause();
  }

  resume(): void {
    this.#callerPaused = false;
    if (this.#timer === undefined) this.stream.resume();
  }

  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
