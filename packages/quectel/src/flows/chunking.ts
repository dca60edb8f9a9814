/**
 * Chooses how many bytes each `QFTPPUT` packet moves (downloads use long
 * fixed ranges instead: see `DEFAULT_DOWNLOAD_RANGE`). Every chunk
 * costs a fixed overhead (command, module latency, `CONNECT`, `OK`, result
 * URC, a new FTP data connection), so chunks must be long enough for that
 * overhead to vanish, yet short enough that an abort (checked between
 * packets) lands promptly and a failed chunk costs little to redo. Sizing each chunk to
 * about `targetMs` of measured line time does both at any baud rate; the
 * benchmark (bench/quectel.bench.ts) is where the target was chosen.
 */
export interface ChunkPolicy {
  /** A fixed size in bytes; disables adaptation. */
  fixed?: number | undefined;
  /** Line time one chunk should take, ms. */
  targetMs: number;
  initial: number;
  min: number;
  max: number;
}

/**
 * Measured (bench/quectel.bench.ts, EC25 emulator, 20 ms latency): 1 s chunks
 * gave 0.91 (download, 115200); fixed 64 KiB gave 0.96 but 5.7 s chunks at
 * 115200. About 3 s of line time per chunk keeps the per-chunk overhead near
 * 1 % at any baud rate while an abort still lands within a few seconds.
 */
export const DEFAULT_CHUNKS: ChunkPolicy = { targetMs: 3000, initial: 32 * 1024, min: 4 * 1024, max: 1024 * 1024 };

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
    const rate = bytes / elapsedMs;
    const next = Math.round(rate * this.policy.targetMs);
    // Grow at most 4× per step so one fast burst (e.g. buffered bytes) cannot overshoot.
    this.#size = Math.max(this.policy.min, Math.min(this.policy.max, next, this.#size * 4));
  }
}
