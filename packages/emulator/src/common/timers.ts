import type { Clock } from '../links/clock.js';

/** Timers on a model's clock that one call cancels together (reboot, power-down, close). */
export class TimerSet {
  readonly #handles = new Set<unknown>();

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` after `ms`; the returned function cancels it. */
  set(fn: () => void, ms: number): () => void {
    const handle = this.clock.setTimeout(() => {
      this.#handles.delete(handle);
      fn();
    }, ms);
    this.#handles.add(handle);
    return () => {
      this.clock.clearTimeout(handle);
      this.#handles.delete(handle);
    };
  }

  clear(): void {
    for (const handle of this.#handles) this.clock.clearTimeout(handle);
    this.#handles.clear();
  }
}
