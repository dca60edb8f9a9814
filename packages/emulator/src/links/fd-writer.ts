import { closeSync, constants, openSync, writeSync } from 'node:fs';

/**
 * Writes a modem's output to its pty with one non-blocking `write(2)` on the
 * event loop. serialport's `write` does the same `write(2)` on libuv's thread
 * pool: per paced chunk that is a hand-off to a pool thread, a wake-up of the
 * event loop when it is done, and a stream callback plus a promise chain,
 * which made the modem process cost about as much per MiB as the SDK.
 *
 * The descriptor is a second open of the same pty slave, so it shares the line
 * settings serialport made (raw, 8N1) and writes the same bytes. It is
 * non-blocking: when the pty buffer is full (`EAGAIN`, or a short write), the
 * rest goes through `slow` (serialport, which waits until the pty is writable),
 * and so does every later chunk until `slow` has caught up, so bytes never
 * overtake each other.
 */
export class FdWriter {
  readonly #fd: number;
  readonly #slow: (bytes: Uint8Array) => Promise<void>;
  #inSlow = 0;
  #closed = false;

  /**
   * @param fd a descriptor opened with `O_NONBLOCK`, owned by this writer from now on
   * @param slow a writer that waits for room (serialport's), used when the descriptor is full
   */
  constructor(fd: number, slow: (bytes: Uint8Array) => Promise<void>) {
    this.#fd = fd;
    this.#slow = slow;
  }

  /** Opens `path` a second time for non-blocking writes; undefined when it cannot. */
  static open(path: string, slow: (bytes: Uint8Array) => Promise<void>): FdWriter | undefined {
    try {
      return new FdWriter(openSync(path, constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK), slow);
    } catch {
      return undefined;
    }
  }

  /** Writes `bytes`; returns a promise only when some of them had to wait for room. */
  write(bytes: Uint8Array): Promise<void> | undefined {
    if (this.#closed) return Promise.reject(new Error('pty writer closed'));
    if (this.#inSlow > 0) return this.#viaSlow(bytes);
    let written = 0;
    try {
      written = writeSync(this.#fd, bytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return Promise.reject(err as Error);
    }
    return written === bytes.length ? undefined : this.#viaSlow(bytes.subarray(written));
  }

  /** Closes the descriptor (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  #viaSlow(bytes: Uint8Array): Promise<void> {
    this.#inSlow++;
    return this.#slow(bytes).finally(() => this.#inSlow--);
  }
}
