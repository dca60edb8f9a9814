import { FtpError } from './ftp-error.js';

/** No final result (or result URC) arrived within the command's timeout. */
export class AtTimeoutError extends FtpError {
  override readonly name = 'AtTimeoutError';
  constructor(command: string, timeoutMs: number, waitingFor: string) {
    super('TIMEOUT', `${command}: no ${waitingFor} within ${timeoutMs} ms`, { command });
  }
}

/**
 * The module answered `ERROR`, `+CME ERROR`, `+CMS ERROR`, `NO CARRIER` or a
 * command-specific error line.
 */
export class AtCommandError extends FtpError {
  override readonly name = 'AtCommandError';
  /** The final result line as received, e.g. `+CME ERROR: 405`. */
  readonly final: string;
  /** Numeric `+CME/+CMS ERROR` code when the module gave one. */
  readonly cmeError: number | undefined;
  /** Verbose `+CME ERROR` text when the module gave one instead of a number. */
  readonly cmeText: string | undefined;

  constructor(command: string, final: string) {
    const match = /^\+CM[ES] ERROR:\s*(.*)$/.exec(final);
    const detail = match?.[1]?.trim();
    const numeric = detail !== undefined && /^\d+$/.test(detail) ? Number(detail) : undefined;
    super('MODEM', `${command}: ${final}`, { command, vendorCode: numeric });
    this.final = final;
    this.cmeError = numeric;
    this.cmeText = numeric === undefined ? detail : undefined;
  }
}

/** The caller's AbortSignal fired. */
export class AtAbortedError extends FtpError {
  override readonly name = 'AtAbortedError';
  /**
   * Payload bytes of the abandoned data phase delivered to the sink (or
   * written) before it ended; `undefined` when the command had no data phase.
   */
  readonly payloadBytes: number | undefined;
  constructor(command: string, payloadBytes?: number, cause?: unknown) {
    super('ABORTED', payloadBytes === undefined ? `${command}: aborted` : `${command}: aborted after ${payloadBytes} payload bytes`, { command, cause });
    this.payloadBytes = payloadBytes;
  }
}

/** The byte transport closed (device unplugged, port closed, socket ended). */
export class TransportClosedError extends FtpError {
  override readonly name = 'TransportClosedError';
  constructor(what: string) {
    super('MODEM', `${what}: the modem link closed`, { command: what });
  }
}

/** The modem sent more than the engine's bounds allow (endless line, absurd payload length). */
export class ResponseOverflowError extends FtpError {
  override readonly name = 'ResponseOverflowError';
  constructor(command: string, detail: string) {
    super('PROTOCOL', `${command}: ${detail}`, { command });
  }
}
