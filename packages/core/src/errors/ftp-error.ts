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

  constructor(code: FtpErrorCode, message: string, details: FtpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.vendorCode = details.vendorCode;
    this.serverReply = details.serverReply;
    this.command = details.command;
  }
}
