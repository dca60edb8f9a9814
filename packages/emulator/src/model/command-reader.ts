/**
 * Host → modem byte intake shared by every virtual modem: echo, command lines, and a raw mode for data phases
 * (uploads, `+++` detection, ETX-framed streams).
 *
 * It holds no dialect knowledge. A model registers what to do with a command line, and enters raw mode when
 * its dialect says the next bytes are data.
 */

/**
 * Receives host bytes while in raw mode. Returns how many bytes of `chunk` it consumed; returning fewer than
 * `chunk.length` (or calling `exitRaw`) ends raw mode and the remaining bytes are parsed as command text.
 */
export type RawConsumer = (chunk: Uint8Array) => number;

export interface CommandReaderOptions {
  /** Called with each complete command line, without its terminator. */
  onCommand: (line: string) => void;
  /** Sends echo bytes to the host. */
  echo: (bytes: Uint8Array) => void;
  /** Longest command line accepted (SIM7080: 559 characters after `AT`). */
  maxLineLength?: number;
  /** Called when a line overflows; the model usually answers `ERROR`. */
  onOverflow?: () => void;
}

export class CommandReader {
  /** `ATE0` / `ATE1` state. Real modules start with echo on. */
  echoEnabled = true;
  #line: number[] = [];
  #raw: RawConsumer | undefined;
  readonly #options: CommandReaderOptions;

  constructor(options: CommandReaderOptions) {
    this.#options = options;
  }

  /** Routes the next host bytes to `consumer` until it declines bytes or `exitRaw` is called. */
  enterRaw(consumer: RawConsumer): void {
    this.#raw = consumer;
  }

  exitRaw(): void {
    this.#raw = undefined;
  }

  receive(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const raw = this.#raw;
      if (raw) {
        const rest = chunk.subarray(offset);
        const used = Math.max(0, Math.min(rest.length, raw(rest)));
        offset += used;
        if (used < rest.length && this.#raw === raw) this.#raw = undefined;
        continue;
      }
      offset = this.#readCommandBytes(chunk, offset);
    }
  }

  /** Consumes command text until the chunk ends or raw mode starts; returns the new offset. */
  #readCommandBytes(chunk: Uint8Array, start: number): number {
    let i = start;
    const echoFrom = start;
    for (; i < chunk.length && this.#raw === undefined; i++) {
      const byte = chunk[i] as number;
      if (byte === 0x0d) {
        // A modem executes on CR (S3). LF after it is ignored as line noise.
        this.#flushEcho(chunk, echoFrom, i + 1);
        const text = Buffer.from(this.#line).toString('latin1');
        this.#line = [];
        if (text.trim().length > 0) this.#options.onCommand(text.trim());
        return i + 1;
      }
      if (byte === 0x0a && this.#line.length === 0) continue;
      if (byte === 0x08 || byte === 0x7f) {
        this.#line.pop();
        continue;
      }
      this.#line.push(byte);
      if (this.#line.length > (this.#options.maxLineLength ?? 4096)) {
        this.#line = [];
        this.#options.onOverflow?.();
      }
    }
    this.#flushEcho(chunk, echoFrom, i);
    return i;
  }

  #flushEcho(chunk: Uint8Array, from: number, to: number): void {
    if (this.echoEnabled && to > from) this.#options.echo(chunk.subarray(from, to));
  }
}
