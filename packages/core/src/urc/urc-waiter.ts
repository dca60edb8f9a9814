import { type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { AtAbortedError, AtTimeoutError, ResponseOverflowError, TransportClosedError } from '../errors/engine-errors.js';
import { matchLine, type LineMatcher } from '../engine/matchers.js';

/** Options for waiting on a URC. */
export interface UrcWaitOptions {
  /** Milliseconds before rejecting with `AtTimeoutError`. */
  readonly timeoutMs: number;
  /** Rejects with `AtAbortedError` when it fires. */
  readonly signal?: AbortSignal | undefined;
  /** Names the wait in errors, e.g. the command that should cause the URC. */
  readonly label?: string;
}

/**
 * Resolves with the first line of `urc$` matching `match`. Subscribes at call
 * time: call it before writing the command whose URC you expect.
 */
export function waitForUrc(
  urc$: Observable<string>,
  match: LineMatcher,
  options: UrcWaitOptions & { scheduler: SchedulerLike },
): Promise<string> {
  const queue = new UrcQueue(urc$, match, options.scheduler);
  return queue.next(options).finally(() => queue.close());
}

/**
 * Buffers every matching URC from its creation on, so a flow driven by
 * repeated URCs (SIMCom's `+FTPGET: 1,1` / `+FTPPUT: 1,1,<max>`) never misses
 * one that arrives between two waits. Close it when the flow ends.
 */
export class UrcQueue {
  readonly #buffer: string[] = [];
  readonly #subscription: Subscription;
  #waiter: ((line: string | Error) => void) | undefined;
  #ended = false;
  #overflowed = false;

  /**
   * @param maxBuffered a flood of matching URCs nobody reads fails the next
   *   `next()` with `ResponseOverflowError` instead of growing memory.
   */
  constructor(
    urc$: Observable<string>,
    private readonly match: LineMatcher,
    private readonly scheduler: SchedulerLike,
    private readonly maxBuffered = 1000,
  ) {
    this.#subscription = urc$.subscribe({
      next: (line) => {
        if (!matchLine(this.match, line)) return;
        if (this.#waiter) this.#waiter(line);
        else if (this.#buffer.length < this.maxBuffered) this.#buffer.push(line);
        else this.#overflowed = true;
      },
      complete: () => {
        this.#ended = true;
        this.#waiter?.(new TransportClosedError(`waiting for ${String(this.match)}`));
      },
    });
  }

  /** Takes the oldest buffered URC, or waits for the next one. */
  next(options: UrcWaitOptions): Promise<string> {
    const label = options.label ?? `URC ${String(this.match)}`;
    if (this.#overflowed) {
      this.#overflowed = false;
      this.#buffer.length = 0;
      return Promise.reject(new ResponseOverflowError(label, `more than ${this.maxBuffered} unread URCs`));
    }
    const buffered = this.#buffer.shift();
    if (buffered !== undefined) return Promise.resolve(buffered);
    if (this.#ended) return Promise.reject(new TransportClosedError(label));
    if (options.signal?.aborted) return Promise.reject(new AtAbortedError(label));
    return new Promise<string>((resolve, reject) => {
      const timer = this.scheduler.schedule(
        () => finish(new AtTimeoutError(label, options.timeoutMs, `URC ${String(this.match)}`)),
        options.timeoutMs,
      );
      const onAbort = (): void => finish(new AtAbortedError(label));
      const finish = (result: string | Error): void => {
        this.#waiter = undefined;
        timer.unsubscribe();
        options.signal?.removeEventListener('abort', onAbort);
        if (typeof result === 'string') resolve(result);
        else reject(result);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiter = finish;
    });
  }

  /** Drops buffered URCs (e.g. stale `1,1` repeats) without closing. */
  clear(): void {
    this.#buffer.length = 0;
  }

  close(): void {
    this.#subscription.unsubscribe();
  }
}
