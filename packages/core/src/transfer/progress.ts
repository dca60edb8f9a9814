import { Subject, type Observable, type SchedulerLike, asyncScheduler } from 'rxjs';
import type { TransferProgress } from '../session/types.js';

/** Counts one transfer's bytes and publishes {@link TransferProgress} events. */
export class TransferMeter {
  #bytes = 0;
  #total: number | undefined;
  readonly #started: number;

  constructor(
    private readonly out: Subject<TransferProgress>,
    private readonly remotePath: string,
    private readonly direction: TransferProgress['direction'],
    private readonly scheduler: SchedulerLike,
    total?: number,
  ) {
    this.#total = total;
    this.#started = scheduler.now();
  }

  get bytes(): number {
    return this.#bytes;
  }

  get elapsedMs(): number {
    return this.scheduler.now() - this.#started;
  }

  setTotal(total: number): void {
    this.#total = total;
    this.#emit();
  }

  add(count: number): void {
    this.#bytes += count;
    this.#emit();
  }

  #emit(): void {
    // Called for every payload chunk: build nothing when no one listens (most transfers, every gateway bench).
    if (!this.out.observed) return;
    const seconds = Math.max(this.elapsedMs, 1) / 1000;
    this.out.next({
      remotePath: this.remotePath,
      direction: this.direction,
      bytes: this.#bytes,
      ...(this.#total === undefined ? {} : { totalBytes: this.#total }),
      bytesPerSecond: Math.round(this.#bytes / seconds),
    });
  }
}

/** The progress stream of one session, with basic-ftp's `trackProgress` callback form. */
export class ProgressHub {
  readonly #subject = new Subject<TransferProgress>();
  #handler: { unsubscribe(): void } | undefined;

  constructor(private readonly scheduler: SchedulerLike = asyncScheduler) {}

  get progress$(): Observable<TransferProgress> {
    return this.#subject.asObservable();
  }

  meter(remotePath: string, direction: TransferProgress['direction'], total?: number): TransferMeter {
    return new TransferMeter(this.#subject, remotePath, direction, this.scheduler, total);
  }

  track(handler?: (progress: TransferProgress) => void): void {
    this.#handler?.unsubscribe();
    this.#handler = handler ? this.#subject.subscribe(handler) : undefined;
  }

  complete(): void {
    this.#subject.complete();
  }
}
