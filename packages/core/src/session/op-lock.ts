/**
 * Runs a session's operations one at a time. A module does one FTP operation
 * at a time (a second one earns Quectel 603 or SIMCom 66); queueing here turns
 * concurrent user calls into an orderly sequence instead of vendor errors.
 */
export class OpLock {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** True while an operation runs or waits. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  run<T>(operation: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(operation, operation).finally(() => this.#pending--);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
