import { Subject, type Observable } from 'rxjs';
import type { ByteTransport } from './types.js';

/**
 * One end of an in-memory byte line. Chunks are delivered asynchronously
 * (on a microtask) so that a write never re-enters the reader's stack, which
 * is how every real transport behaves.
 */
class MemoryEnd implements ByteTransport {
  readonly #incoming = new Subject<Uint8Array>();
  readonly #held: Uint8Array[] = [];
  #paused = false;
  #closed = false;
  peer: MemoryEnd | undefined;

  constructor(readonly description: string) {}

  get data$(): Observable<Uint8Array> {
    return this.#incoming.asObservable();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Called by the peer: bytes arriving at this end. */
  deliver(bytes: Uint8Array): void {
    if (this.#closed) return;
    if (this.#paused || this.#held.length > 0) {
      this.#held.push(bytes);
      return;
    }
    this.#incoming.next(bytes);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#closed) throw new Error(`${this.description}: write after close`);
    const copy = Uint8Array.from(bytes);
    const peer = this.peer;
    await Promise.resolve();
    peer?.deliver(copy);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    while (!this.#paused && this.#held.length > 0 && !this.#closed) {
      this.#incoming.next(this.#held.shift() as Uint8Array);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#incoming.complete();
    await this.peer?.close();
  }
}

/**
 * Creates two connected in-memory transports: bytes written to `host` arrive on
 * `device.data$` and vice versa. Closing either end closes both.
 *
 * @example
 * const { host, device } = createMemoryLink();
 * device.data$.subscribe((b) => device.write(new TextEncoder().encode('OK\r\n')));
 */
export function createMemoryLink(name = 'memory'): { host: ByteTransport; device: ByteTransport } {
  const host = new MemoryEnd(`${name}:host`);
  const device = new MemoryEnd(`${name}:device`);
  host.peer = device;
  device.peer = host;
  return { host, device };
}
