import type { SchedulerLike } from 'rxjs';
import { AtAbortedError } from '../errors/engine-errors.js';

/**
 * Waits `ms` on `scheduler` (the engine's: virtual time in tests), rejecting
 * with `AtAbortedError` as soon as `signal` fires. Drivers never use
 * `setTimeout` or `Date.now()`: a wait that fake timers cannot move, or that
 * an AbortSignal cannot end, is a hang in someone's test or field unit.
 *
 * @example
 * await delay(engine.scheduler, 100, ctx.signal);
 */
export function delay(scheduler: SchedulerLike, ms: number, signal?: AbortSignal, label = 'wait'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AtAbortedError(label));
    const onAbort = (): void => {
      timer.unsubscribe();
      reject(new AtAbortedError(label));
    };
    const timer = scheduler.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
