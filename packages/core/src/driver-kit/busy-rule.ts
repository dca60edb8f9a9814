import type { OperationRunner } from './operation-runner.js';

/** What the module says about its FTP slot. */
export type ModuleFtpState = 'busy' | 'idle' | 'closed';

/**
 * A vendor's answer to "the module is busy": which codes mean it, how to ask
 * the module's state, how to end what is running, and how long to wait.
 * The runner executes it the same way for every vendor, on the engine's
 * scheduler, honouring the operation's AbortSignal.
 *
 * Quectel: `603` → back off → `AT+QFTPSTAT` → retry while the session exists
 * (the module frees itself a moment after a failed data connection).
 * SIMCom: `66` → `AT+FTPSTATE` → wait while an earlier operation runs,
 * `AT+FTPQUIT` if it outlives the budget → retry once; a 66 while idle is a
 * real "operation not allowed".
 */
export interface BusyRule {
  /** Vendor codes that mean "an earlier operation still holds the module". */
  readonly codes: ReadonlySet<number>;
  /** Asks the module (`AT+QFTPSTAT`, `AT+FTPSTATE`). */
  state(runner: OperationRunner, signal?: AbortSignal): Promise<ModuleFtpState>;
  /** Ends what runs (`AT+FTPQUIT`). Without it, a module busy beyond the budget fails with BUSY. */
  quit?(runner: OperationRunner, signal?: AbortSignal): Promise<void>;
  /** Milliseconds one operation may spend waiting for the module, busy answers included. */
  readonly budgetMs: number;
  /** Pause before asking the state after a busy answer, by attempt (0-based). */
  backoffMs(attempt: number): number;
  /** Pause between two state queries while the module is busy, by poll (0-based). */
  pollMs(poll: number): number;
  /** After `quit`, how much longer to wait before giving up with BUSY. Default 10 s. */
  readonly quitGraceMs?: number;
  /** Retry when the module says idle right after a busy answer. */
  readonly retryWhenIdle: boolean;
  /** Most attempts of one operation (the first included). Default unlimited within the budget. */
  readonly maxAttempts?: number;
  /**
   * After an operation timed out or was aborted, ask the state (and wait)
   * before the next one: it may still run on the module and earn the next
   * operation a busy answer.
   */
  readonly checkAfterInterrupt: boolean;
}
