/**
 * The module's flash file system (R4-MAN ch. 16): named files with a fixed
 * capacity. Files outlive restarts; free space is the capacity less the
 * bytes stored.
 */
export class FlashStore {
  readonly #files = new Map<string, Buffer>();

  constructor(readonly capacity: number) {}

  get(name: string): Buffer | undefined {
    return this.#files.get(name);
  }

  set(name: string, data: Buffer): void {
    this.#files.set(name, data);
  }

  /** `+UDWNFILE` onto an existing file appends (R4-MAN §16.2). */
  append(name: string, data: Buffer): void {
    const kept = this.#files.get(name);
    this.#files.set(name, kept ? Buffer.concat([kept, data]) : data);
  }

  delete(name: string): boolean {
    return this.#files.delete(name);
  }

  names(): string[] {
    return [...this.#files.keys()];
  }

  free(): number {
    let used = 0;
    for (const f of this.#files.values()) used += f.length;
    return this.capacity - used;
  }
}
