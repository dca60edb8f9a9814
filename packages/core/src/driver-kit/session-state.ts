import { FtpError } from '../errors/ftp-error.js';
import type { Loss, LossWatch } from './loss-watch.js';

/**
 * The one place a driver's FTP session state changes: open, closed by the
 * module or the caller, or lost with the module (restart, power-down, PDP
 * loss). Flows read it; only these methods write it.
 */
export class SessionState {
  #closedReason: string | undefined;
  readonly #epoch: number;

  constructor(private readonly losses: LossWatch) {
    this.#epoch = losses.epoch;
  }

  /** A loss since this session opened, if any. */
  get loss(): Loss | undefined {
    return this.losses.since(this.#epoch);
  }

  get closed(): boolean {
    return this.#closedReason !== undefined || this.loss !== undefined;
  }

  /** Why the session is closed: the loss's reason first, else what closed it. */
  get closedReason(): string | undefined {
    return this.loss?.reason ?? this.#closedReason;
  }

  /** Records that the session ended; the first reason is kept. */
  markClosed(reason: string): void {
    this.#closedReason ??= reason;
  }

  /**
   * The error of an operation that failed because the session was lost:
   * the loss's code (MODEM / NETWORK) and reason, the module's own failure
   * as the cause. Undefined when no loss happened.
   */
  lossError(command: string, cause?: unknown): FtpError | undefined {
    const loss = this.loss;
    if (!loss) return undefined;
    const detail = cause instanceof FtpError ? cause : undefined;
    return new FtpError(loss.code, `${command}: ${loss.reason}; the FTP session is closed`, {
      vendorCode: detail?.vendorCode,
      serverReply: detail?.serverReply,
      command,
      cause,
    });
  }

  /** The CLOSED error later calls get, with the reason. */
  closedError(command?: string): FtpError {
    const reason = this.closedReason ?? 'closed';
    return new FtpError('CLOSED', `the FTP session is closed: ${reason}`, command !== undefined ? { command } : {});
  }
}
