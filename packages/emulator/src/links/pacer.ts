import { systemClock, type Clock } from './clock.js';

/**
 * Releases bytes at a serial line's rate: `baudRate / 10` bytes per second
 * (8N1: a start bit, 8 data bits, a stop bit per byte).
 *
 * The schedule is computed from the moment the line became busy, never by
 * adding up timer delays, so timer jitter does not accumulate: byte `n` of a
 * busy period leaves no earlier than `start + n / rate`. This is what keeps a
 * 10 s transfer within ±2 % of its nominal duration.
 *
 * A line with a backlog (more queued than one tick releases) wakes every
 * `bulkTickMs` instead of every `tickMs`, and no later than the moment its
 * last queued byte is due: each wake-up costs a timer and a `write(2)`, and a
 * 921600 baud download at 5 ms ticks was ~2 300 of each per MiB. No byte
 * leaves earlier than before; the end of a backlog is released on time.
 *
 * A tick that fires late can find less queued than is due: the queue runs dry
 * only because this process was slow to wake, not because the producer was.
 * When the producer refills it in the same turn (an `idle(keep)` waiter woken
 * by that release), the busy period goes on rather than restarting, so the
 * line keeps its rate instead of losing the lateness; the bytes due meanwhile
 * leave at once, as after any late tick.
 */
/** Default {@link LinePacer} tick for a line with a backlog (ms). */
const BULK_TICK_MS = 10;

export class LinePacer {
  readonly bytesPerSecond: number;
  readonly #emit: (chunk: Uint8Array) => void;
  readonly #clock: Clock;
  readonly #tickMs: number;
  readonly #bulkTickMs: number;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #busySince = 0;
  #sentInPeriod = 0;
  #timer: unknown;
  #idleWaiters: Array<{ keep: number; wake: () => void }> = [];
  /** When a late release ran the queue dry; a refill in the same turn continues the period. */
  #ranDryAt: number | undefined;
  #closed = false;

  /**
   * @param baudRate line rate in bits per second
   * @param emit receives each released chunk, in order
   * @param clock time source (default: real time)
   * @param tickMs how often a busy line releases what is due (default 5 ms)
   * @param bulkTickMs how often a line with a backlog does (default 10 ms; at least `tickMs`)
   */
  constructor(baudRate: number, emit: (chunk: Uint8Array) => void, clock: Clock = systemClock, tickMs = 5, bulkTickMs = BULK_TICK_MS) {
    if (!(baudRate > 0)) throw new RangeError(`baudRate must be positive, got ${baudRate}`);
    this.bytesPerSecond = baudRate / 10;
    this.#emit = emit;
    this.#clock = clock;
    this.#tickMs = tickMs;
    this.#bulkTickMs = Math.max(tickMs, bulkTickMs);
  }

  /** Queues bytes for the line. */
  push(bytes: Uint8Array): void {
    if (this.#closed || bytes.length === 0) return;
    if (this.#queued === 0 && this.#timer === undefined && !this.#refillsDryLine()) {
      this.#busySince = this.#clock.now();
      this.#sentInPeriod = 0;
    }
    this.#queue.push(bytes);
    this.#queued += bytes.length;
    this.#schedule(0);
  }

  /** Bytes queued and not yet released. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Resolves once at most `keep` queued bytes are left (0: every byte released).
   * A producer that refills at `keep` > 0 keeps the line busy without gaps.
   */
  idle(keep = 0): Promise<void> {
    if (this.#queued <= keep) return Promise.resolve();
    return new Promise((wake) => this.#idleWaiters.push({ keep, wake }));
  }

  /** Drops queued bytes and stops the timer. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#queued = 0;
    this.#wakeIdle();
  }

  #schedule(delay: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#release();
    }, delay);
  }

  #release(): void {
    const elapsed = this.#clock.now() - this.#busySince;
    const due = Math.floor((elapsed * this.bytesPerSecond) / 1000) - this.#sentInPeriod;
    const ranDry = due > this.#queued;
    let budget = Math.min(due, this.#queued);
    const parts: Uint8Array[] = [];
    while (budget > 0) {
      const head = this.#queue[0] as Uint8Array;
      const part = head.length <= budget ? head : head.subarray(0, budget);
      if (part === head) this.#queue.shift();
      else this.#queue[0] = head.subarray(budget);
      parts.push(part);
      budget -= part.length;
      this.#queued -= part.length;
      this.#sentInPeriod += part.length;
    }
    if (parts.length > 0) this.#emit(parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts));
    if (this.#queued > 0) {
      // Sleep until the next byte is due, but at least one tick; with a backlog, up to a bulk tick
      // or until the last queued byte is due, whichever is sooner.
      const nextDueMs = ((this.#sentInPeriod + 1) * 1000) / this.bytesPerSecond;
      const lastDueMs = ((this.#sentInPeriod + this.#queued) * 1000) / this.bytesPerSecond;
      const backlogMs = Math.min(this.#bulkTickMs, lastDueMs - elapsed);
      this.#schedule(Math.max(this.#tickMs, nextDueMs - elapsed, backlogMs));
    }
    const dryAt = ranDry && this.#queued === 0 && this.#idleWaiters.some((w) => w.keep > 0) ? this.#clock.now() : undefined;
    this.#ranDryAt = dryAt;
    this.#wakeIdle();
    // The waiters just woken push in microtasks queued before this one; anything later starts a new period.
    if (dryAt !== undefined) {
      queueMicrotask(() => {
        if (this.#ranDryAt === dryAt) this.#ranDryAt = undefined;
      });
    }
  }

  /** True for a refill in the turn in which a release ran the queue dry (see the class comment). */
  #refillsDryLine(): boolean {
    const at = this.#ranDryAt;
    this.#ranDryAt = undefined;
    return at !== undefined && this.#clock.now() - at < this.#tickMs;
  }

  #wakeIdle(): void {
    const ready = this.#idleWaiters.filter((w) => this.#queued <= w.keep);
    if (ready.length === 0) return;
    this.#idleWaiters = this.#idleWaiters.filter((w) => this.#queued > w.keep);
    for (const w of ready) w.wake();
  }
}
