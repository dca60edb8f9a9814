import type { Observable, Subscription } from 'rxjs';
import { RESTART_LOSSES } from '../driver-kit/loss-watch.js';

/** The ready line after a (re)start: the module answers again. */
const READY = /^RDY$/;

/** What the module needs before the next `connect()` or `ftp()`. */
export type RestartNeed = 'nothing' | 'prepare' | 'wait-then-prepare';

/**
 * Watches `urc$` for the module's restart and power-down lines. A restart
 * (`RDY`) brings echo and verbose errors back, so the module must be prepared
 * again; after a power-down (`NORMAL POWER DOWN`, `POWERED DOWN`,
 * `PSM POWER DOWN`) everything set is lost too, and the module must first be
 * waited for, since it answers nothing until it has booted again (a later
 * `RDY` says it has).
 */
export class RestartWatch {
  #need: RestartNeed = 'nothing';
  readonly #subscription: Subscription;

  constructor(urc$: Observable<string>) {
    this.#subscription = urc$.subscribe((line) => {
      const rule = RESTART_LOSSES.find((r) => r.match.test(line));
      if (rule) this.#need = READY.test(line) ? 'prepare' : 'wait-then-prepare';
    });
  }

  /** Returns what is needed and forgets it: the caller does it now. */
  take(): RestartNeed {
    const need = this.#need;
    this.#need = 'nothing';
    return need;
  }

  /** Puts back a need whose handling failed, unless a newer line has set one meanwhile. */
  restore(need: RestartNeed): void {
    if (this.#need === 'nothing') this.#need = need;
  }

  dispose(): void {
    this.#subscription.unsubscribe();
  }
}
