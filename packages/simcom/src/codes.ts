import { FtpError, type FtpErrorCode } from '@cellftp/core';

/** What one SIMCom FTP `<error>` means and which vendor-neutral code it becomes. */
export interface SimcomErrorInfo {
  /** The manual's wording (AT manual V1.05 §15.2.14, `<error>`). */
  readonly meaning: string;
  readonly code: FtpErrorCode;
}

/**
 * Every `<error>` of AT manual V1.05 §15.2.14 (shared by FTPPUT, FTPLIST,
 * FTPEXTGET, FTPETxxx …). 90–94 were added in manual V1.04 (VENDOR-FACTS A.1),
 * so older firmware never prints them. 67–69 and 81–89 are undefined.
 */
export const SIMCOM_FTP_ERRORS: Readonly<Record<number, SimcomErrorInfo>> = {
  61: { meaning: 'net error', code: 'NETWORK' },
  62: { meaning: 'DNS error', code: 'DNS' },
  63: { meaning: 'connect error', code: 'NETWORK' },
  64: { meaning: 'timeout', code: 'TIMEOUT' },
  65: { meaning: 'server error', code: 'SERVER' },
  // Often masks the real cause (a previous operation still running, VENDOR-FACTS A.9.5); the
  // session layer waits for that operation before this code ever reaches a caller.
  66: { meaning: 'operation not allowed', code: 'BUSY' },
  70: { meaning: 'reply error', code: 'SERVER' },
  71: { meaning: 'user error', code: 'AUTH_FAILED' },
  72: { meaning: 'password error', code: 'AUTH_FAILED' },
  73: { meaning: 'type error', code: 'SERVER' },
  74: { meaning: 'rest error', code: 'SERVER' },
  75: { meaning: 'passive error', code: 'DATA_CONNECTION' },
  76: { meaning: 'active error', code: 'DATA_CONNECTION' },
  // The server refused the command itself (typically 550). For operations that name an existing
  // file or directory this is "not found" (see `missingMeansNotFound`).
  77: { meaning: 'operate error', code: 'SERVER' },
  78: { meaning: 'upload error', code: 'DATA_CONNECTION' },
  79: { meaning: 'download error', code: 'DATA_CONNECTION' },
  80: { meaning: 'manual quit (AT+FTPQUIT)', code: 'ABORTED' },
  90: { meaning: 'SSL connect error', code: 'TLS' },
  91: { meaning: 'SSL alert error', code: 'TLS' },
  92: { meaning: 'AUTH error (AUTH TLS refused)', code: 'TLS' },
  93: { meaning: 'PBSZ error', code: 'TLS' },
  94: { meaning: 'PORT error', code: 'DATA_CONNECTION' },
};

/** The `<error>` code SIMCom prints for "operation not allowed". */
export const NOT_ALLOWED = 66;
/** The `<error>` code after AT+FTPQUIT. */
export const MANUAL_QUIT = 80;
/** The `<error>` code when the server refused the operation. */
export const OPERATE_ERROR = 77;

/**
 * Builds the {@link FtpError} for a SIMCom `<error>`.
 *
 * @example
 * throw simcomError(72, 'AT+FTPLIST=1'); // FtpError AUTH_FAILED, vendorCode 72
 */
export function simcomError(vendorCode: number, command: string, options: { missingMeansNotFound?: boolean } = {}): FtpError {
  const info = SIMCOM_FTP_ERRORS[vendorCode];
  let code: FtpErrorCode = info?.code ?? 'MODEM';
  if (vendorCode === OPERATE_ERROR && options.missingMeansNotFound) code = 'NOT_FOUND';
  const meaning = info?.meaning ?? 'undocumented error';
  return new FtpError(code, `${command}: SIMCom FTP error ${vendorCode} (${meaning})`, { vendorCode, command });
}
