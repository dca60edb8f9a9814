/**
 * A push-fed async byte stream: host bytes go in as they arrive in data mode, the FTP upload pulls them out.
 * `onFirstPull` fires when the upload is ready to take data (the data connection is open: Quectel's
 * `CONNECT`); `onHungry` each time it waits for more (SIMCom's `+FTPPUT: 1,1,<maxlength>`, S-FTPAN §5.2).
 */
export class ByteQueue implements AsyncIterable<Uint8Array> {
  #chunks: Uint8Array[] = [];
  #ended = false;
  #wake: (() => void) | undefined;
  #drainWaiters: Array<() => void> = [];
  #pulled = false;
  pushed = 0;

  constructor(
    private readonly onFirstPull: () => void = () => undefined,
    private readonly onHungry: () => void = () => undefined,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.#ended || chunk.length === 0) return;
    this.#chunks.push(Uint8Array.from(chunk));
    this.pushed += chunk.length;
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** Resolves when the consumer has taken every byte pushed so far. */
  drained(): Promise<void> {
    if (this.#chunks.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (!this.#pulled) {
      this.#pulled = true;
      this.onFirstPull();
    }
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      for (const w of this.#drainWaiters.splice(0)) w();
      if (this.#ended) return;
      const woken = new Promise<void>((resolve) => (this.#wake = resolve));
      this.onHungry();
      await woken;
      this.#wake = undefined;
    }
  }
}
