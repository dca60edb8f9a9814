import type { Clock } from '../../src/links/clock.js';

/** A deterministic clock: timers fire in order as time is advanced, with a fixed scheduling jitter. */
export class FakeClock implements Clock {
  t = 0;
  #timers: Array<{ at: number; fn: () => void; id: number }> = [];
  #id = 0;
  constructor(private readonly jitterMs = 0) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#id;
    this.#timers.push({ at: this.t + ms + this.jitterMs, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((x) => x.id !== handle);
  }
  get pending(): number {
    return this.#timers.length;
  }
  /** Runs timers until none is left or `limit` ms of simulated time passed. */
  runAll(limit = 1e9): void {
    while (this.#fireNext(limit));
  }
  /** Like {@link runAll}, letting promise callbacks run between timers (for async producers). */
  async runAllAsync(limit = 1e9): Promise<void> {
    for (;;) {
      await settle();
      if (!this.#fireNext(limit)) break;
    }
    await settle();
  }
  /** Moves time forward by `ms`, firing the timers due meanwhile. */
  advance(ms: number): void {
    const to = this.t + ms;
    this.runAll(to);
    this.t = to;
  }
  #fireNext(limit: number): boolean {
    if (this.#timers.length === 0) return false;
    this.#timers.sort((a, b) => a.at - b.at);
    const next = this.#timers[0]!;
    if (next.at > limit) return false;
    this.#timers.shift();
    this.t = Math.max(this.t, next.at);
    next.fn();
    return true;
  }
}

/** Lets pending promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
