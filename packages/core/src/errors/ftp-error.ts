/**
 * Vendor-neutral failure codes. Each vendor driver maps its own numbers
 * (Quectel 601–631, SIMCom 61–94, `+CME ERROR`) and the FTP server's reply
 * onto one of these, so application code never branches on the modem.
 */
export const FTP_ERROR_CODES = [
  'NOT_FOUND',
  'AUTH_FAILED',
  'DNS',
  'NETWORK',
  'TIMEOUT',
  'DATA_CONNECTION',
  'TLS',
  'BUSY',
  'INVALID_ARGUMENT',
  'ABORTED',
  'MODEM',
  'PROTOCOL',
  'SERVER',
  'CLOSED',
  'UNSUPPORTED',
] as const;

/** One of {@link FTP_ERROR_CODES}. */
export type FtpErrorCode = (typeof FTP_ERROR_CODES)[number];

/** Details carried by every {@link FtpError}. */
export interface FtpErrorDetails {
  /** The vendor's own error number, e.g. Quectel 609 or SIMCom 64. */
  vendorCode?: number | undefined;
  /** The FTP server's reply code when the server said so, e.g. 550 or 530. */
  serverReply?: number | undefined;
  /** The AT command that failed, with secrets replaced by `***`. */
  command?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Marks every {@link FtpError}, registered globally (`Symbol.for`) so that it
 * is the same symbol in every copy of core a process loads: an app that
 * imports core's ESM build and requires a driver that loads the CJS build has
 * two `FtpError` classes, and `instanceof` must hold across them.
 */
const BRAND = Symbol.for('@cellftp/core.FtpError');

/**
 * The one error type every public cellftp call rejects with.
 *
 * @example
 * try { await ftp.size('missing.bin'); }
 * catch (e) { if (e instanceof FtpError && e.code === 'NOT_FOUND') console.log(e.serverReply); } // 550
 */
export class FtpError extends Error {
  override readonly name: string = 'FtpError';
  readonly code: FtpErrorCode;
  readonly vendorCode: number | undefined;
  readonly serverReply: number | undefined;
  readonly command: string | undefined;

  /**
   * `e instanceof FtpError` (or a subclass) also for errors made by another
   * copy of core: branded, and a class of the same name on its prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    for (let p: unknown = Object.getPrototypeOf(value); p !== null && p !== undefined; p = Object.getPrototypeOf(p)) {
      if ((p as { constructor?: { name?: string } }).constructor?.name === this.name) return true;
    }
    return false;
  }

  constructor(code: FtpErrorCode, message: string, details: FtpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.code = code;
    this.vendorCode = details.vendorCode;
    this.serverReply = details.serverReply;
    this.command = details.command;
  }
}
