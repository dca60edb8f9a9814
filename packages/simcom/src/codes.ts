import { codeTable, FtpError, refusedAsUnsupported, type CodeEntry, type FtpErrorCode, type ParsedResult } from '@cellftp/core';

/**
 * Every `<error>` of AT manual V1.05 §15.2.14 (shared by FTPPUT, FTPLIST,
 * FTPEXTGET, FTPETxxx …): the neutral code and the manual's wording. 90–94
 * were added in manual V1.04 (VENDOR-FACTS A.1), so older firmware never
 * prints them. 67–69 and 81–89 are undefined. The lines carry no server reply.
 */
export const SIMCOM_FTP_ERRORS: Readonly<Record<number, CodeEntry>> = {
  61: ['NETWORK', 'net error'],
  62: ['DNS', 'DNS error'],
  63: ['NETWORK', 'connect error'],
  64: ['TIMEOUT', 'timeout'],
  65: ['SERVER', 'server error'],
  // Often masks the real cause (a previous operation still running, VENDOR-FACTS A.9.5): the
  // busy rule waits for that operation before this code ever reaches a caller.
  66: ['BUSY', 'operation not allowed'],
  70: ['SERVER', 'reply error'],
  71: ['AUTH_FAILED', 'user error'],
  72: ['AUTH_FAILED', 'password error'],
  73: ['SERVER', 'type error'],
  74: ['SERVER', 'rest error'],
  75: ['DATA_CONNECTION', 'passive error'],
  76: ['DATA_CONNECTION', 'active error'],
  // The server refused the command itself (typically 550). For operations that name an existing
  // file or directory this is "not found" (`missingMeansNotFound`).
  77: ['SERVER', 'operate error'],
  78: ['DATA_CONNECTION', 'upload error'],
  79: ['DATA_CONNECTION', 'download error'],
  80: ['ABORTED', 'manual quit (AT+FTPQUIT)'],
  90: ['TLS', 'SSL connect error'],
  91: ['TLS', 'SSL alert error'],
  92: ['TLS', 'AUTH error (AUTH TLS refused)'],
  93: ['TLS', 'PBSZ error'],
  94: ['DATA_CONNECTION', 'PORT error'],
};

/** The SIMCom code table. */
export const SIMCOM_CODES = codeTable({ vendor: 'SIMCom', codes: SIMCOM_FTP_ERRORS });

/** The `<error>` code SIMCom prints for "operation not allowed". */
export const NOT_ALLOWED = 66;
/** The `<error>` code after AT+FTPQUIT. */
export const MANUAL_QUIT = 80;
/** The `<error>` code when the server refused the operation. */
export const OPERATE_ERROR = 77;
/** The `<error>` code of a failed download (also: an EXTGET round that hit the RAM limit). */
export const DOWNLOAD_ERROR = 79;

/** For operations that name an existing file or directory, the server's refusal (77) means it is not there. */
export const missingMeansNotFound = (failure: ParsedResult): FtpErrorCode | undefined =>
  failure.vendorCode === OPERATE_ERROR ? 'NOT_FOUND' : undefined;

/**
 * Builds the {@link FtpError} for a SIMCom `<error>`.
 *
 * @example
 * throw simcomError(72, 'AT+FTPLIST=1'); // FtpError AUTH_FAILED, vendorCode 72
 */
export function simcomError(vendorCode: number, command: string, options: { missingMeansNotFound?: boolean } = {}): FtpError {
  const code = options.missingMeansNotFound && vendorCode === OPERATE_ERROR ? 'NOT_FOUND' : undefined;
  return SIMCOM_CODES.error(vendorCode, { command, code });
}

/**
 * A firmware's refusal of AT+FTPSSL (the command arrived in a later revision
 * of the SIM7070/7080/7090 command set): harmless for plain FTP (`ftps`
 * undefined), a TLS error that says why for FTPS. Other failures pass.
 */
export const withoutFtpSsl =
  (ftps: string | undefined) =>
  (error: unknown): void => {
    if (!refusedAsUnsupported(error)) throw error;
    if (ftps === undefined) return;
    throw new FtpError('TLS', `${ftps}: the firmware refused AT+FTPSSL; firmware without it (the command arrived in a later revision of the SIM7070/7080/7090 command set) cannot do FTPS, plain FTP still works`, { command: ftps, cause: error });
  };
