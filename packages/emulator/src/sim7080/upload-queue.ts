/**
 * The byte source handed to the FTP backend for an upload. Its consumer pulls
 * one chunk at a time; when it asks for more and nothing is queued, `onHungry`
 * fires — that is the moment a real module prints `+FTPPUT: 1,1,<maxlength>`
 * ("ready to transfer more data", S-FTPAN §5.2).
 */
export class UploadQueue implements AsyncIterable<Uint8Array> {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #waiter: ((result: IteratorResult<Uint8Array>) => void) | undefined;

  constructor(private readonly onHungry: () => void = () => undefined) {}

  push(chunk: Uint8Array): void {
    if (this.#ended || chunk.length === 0) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter({ value: chunk, done: false });
    } else this.#chunks.push(chunk);
  }

  end(): void {
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => {
        const chunk = this.#chunks.shift();
        if (chunk) return Promise.resolve({ value: chunk, done: false });
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.#waiter = resolve;
          this.onHungry();
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
