/**
 * Chooses how many bytes each `QFTPPUT` packet moves. Every packet costs a
 * fixed overhead (command, module latency, `CONNECT`, `OK`, result URC), so
 * packets must be long enough for it to vanish, yet short enough that an
 * abort (checked between packets) lands promptly and a failed packet costs
 * little to redo: each is sized to about `targetMs` of measured line time
 * (`TIMINGS.uploadChunks`, chosen by bench/quectel.bench.ts).
 */
export interface ChunkPolicy {
  /** A fixed size in bytes; disables adaptation. */
  readonly fixed?: number | undefined;
  /** Line time one chunk should take, ms. */
  readonly targetMs: number;
  readonly initial: number;
  readonly min: number;
  readonly max: number;
}

export class ChunkSizer {
  #size: number;

  constructor(private readonly policy: ChunkPolicy) {
    this.#size = policy.fixed ?? policy.initial;
  }

  get size(): number {
    return this.#size;
  }

  /** Records one chunk's bytes and duration and sizes the next one. */
  record(bytes: number, elapsedMs: number): void {
    if (this.policy.fixed !== undefined || elapsedMs <= 0 || bytes < this.#size / 2) return;
    const next = Math.round((bytes / elapsedMs) * this.policy.targetMs);
    // Grow at most 4× per step so one fast burst (e.g. buffered bytes) cannot overshoot.
    this.#size = Math.max(this.policy.min, Math.min(this.policy.max, next, this.#size * 4));
  }
}
