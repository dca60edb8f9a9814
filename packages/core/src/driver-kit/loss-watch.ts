import type { Observable, Subscription } from 'rxjs';

/** Why a module's FTP session (and possibly its bearer) is gone. */
export interface Loss {
  /** `MODEM` for restarts and power-downs, `NETWORK` for a lost data context. */
  readonly code: 'MODEM' | 'NETWORK';
  /** Said to the caller, e.g. "the module restarted (RDY)". */
  readonly reason: string;
  /** The module restarted or powered down: everything configured on it is gone. */
  readonly restart: boolean;
  /** The unsolicited line that told. */
  readonly line: string;
}

/** One row of a vendor's loss table. */
export interface LossRule {
  readonly match: RegExp;
  readonly code: Loss['code'];
  /** Fixed text, or built from the match (e.g. the context id). */
  readonly reason: string | ((match: RegExpExecArray) => string);
  /** True when the module itself restarted or powered down. */
  readonly restart?: boolean;
  /**
   * For PDP lines: the context id in the match; the rule applies only when
   * it is the context the driver uses ({@link LossWatch.contextId}).
   */
  readonly context?: (match: RegExpExecArray) => number;
}

/**
 * Lines every module family prints when it restarts or powers down. `RDY` is
 * Quectel's and SIMCom's ready line after a (re)start; the power-down lines
 * are printed before the module switches off (AT+QPOWD, AT+CPOWD, PSM), and
 * the module is gone until it restarts.
 */
export const RESTART_LOSSES: readonly LossRule[] = [
  { match: /^RDY$/, code: 'MODEM', reason: 'the module restarted (RDY)', restart: true },
  { match: /^NORMAL POWER DOWN$/, code: 'MODEM', reason: 'the module powered down (NORMAL POWER DOWN)', restart: true },
  { match: /^POWERED DOWN$/, code: 'MODEM', reason: 'the module powered down (POWERED DOWN)', restart: true },
  { match: /^PSM POWER DOWN$/, code: 'MODEM', reason: 'the module entered power saving (PSM POWER DOWN)', restart: true },
];

/**
 * Watches the URC stream for the lines of a loss table. Sessions remember the
 * {@link LossWatch.epoch} they were opened in; any loss after it ends them,
 * with its reason.
 *
 * @example
 * const losses = new LossWatch(engine.urc$, [...RESTART_LOSSES, { match: /^\+QIURC: ?"pdpdeact",(\d+)/, code: 'NETWORK',
 *   reason: (m) => `PDP context ${m[1]} was deactivated`, context: (m) => Number(m[1]) }]);
 */
export class LossWatch {
  /** The data context the driver uses; PDP rules for other contexts are ignored. */
  contextId: number | undefined;
  #epoch = 0;
  #last: Loss | undefined;
  readonly #listeners = new Set<(loss: Loss) => void>();
  readonly #subscription: Subscription;

  constructor(urc$: Observable<string>, readonly rules: readonly LossRule[]) {
    this.#subscription = urc$.subscribe((line) => this.#check(line));
  }

  /** Counts losses so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The latest loss. */
  get last(): Loss | undefined {
    return this.#last;
  }

  /** The latest loss if one happened after `epoch`, else undefined. */
  since(epoch: number): Loss | undefined {
    return this.#epoch !== epoch ? this.#last : undefined;
  }

  /** Calls `listener` on every loss; returns the unsubscribe function. */
  onLoss(listener: (loss: Loss) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#subscription.unsubscribe();
    this.#listeners.clear();
  }

  #check(line: string): void {
    for (const rule of this.rules) {
      const match = rule.match.exec(line);
      if (!match) continue;
      if (rule.context && rule.context(match) !== this.contextId) return;
      const reason = typeof rule.reason === 'string' ? rule.reason : rule.reason(match);
      this.#epoch++;
      this.#last = { code: rule.code, reason, restart: rule.restart ?? false, line };
      for (const listener of [...this.#listeners]) listener(this.#last);
      return;
    }
  }
}
