import { codeTable, FtpError, type CodeEntry, type FtpErrorCode } from '@cellftp/core';
import { UNEXPLAINED } from './commands.js';

/**
 * `<error_code>` of `+UFTPER: 1|8,<code>` (R4-MAN App. A.6.1, digest §9): the
 * FTP-protocol and wrong-API classes share one table. Codes 226–553 are the
 * server's replies passed through; they are also given as `serverReply`.
 */
export const UFTP_ERRORS: Readonly<Record<number, CodeEntry>> = {
  0: ['MODEM', 'no error'],
  1: ['INVALID_ARGUMENT', 'user missing'],
  2: ['INVALID_ARGUMENT', 'password missing'],
  3: ['INVALID_ARGUMENT', 'account missing'],
  4: ['INVALID_ARGUMENT', 'server missing'],
  5: ['INVALID_ARGUMENT', 'directory name missing'],
  6: ['INVALID_ARGUMENT', 'file name missing'],
  7: ['INVALID_ARGUMENT', 'null parameter'],
  8: ['PROTOCOL', 'unknown FTP command'],
  9: ['PROTOCOL', 'unknown file action'],
  10: ['PROTOCOL', 'wrong FTP state'],
  11: ['INVALID_ARGUMENT', 'wrong parameter'],
  12: ['NETWORK', 'PSD or CSD connection not established'],
  13: ['MODEM', 'no memory'],
  15: ['INVALID_ARGUMENT', 'server length or validity'],
  16: ['INVALID_ARGUMENT', 'host length or validity'],
  17: ['INVALID_ARGUMENT', 'address length or validity'],
  18: ['INVALID_ARGUMENT', 'user length or validity'],
  19: ['INVALID_ARGUMENT', 'password length or validity'],
  20: ['INVALID_ARGUMENT', 'account length or validity'],
  21: ['BUSY', 'FTP client busy'],
  22: ['NETWORK', 'cannot connect to FTP server'],
  23: ['PROTOCOL', 'error in FTP request'],
  25: ['INVALID_ARGUMENT', 'FFS file name pointer null or empty'],
  31: ['TIMEOUT', 'timeout'],
  32: ['MODEM', 'internal processing error'],
  33: ['NETWORK', 'not logged in'],
  34: ['AUTH_FAILED', 'login incorrect'],
  35: ['NOT_FOUND', 'file unavailable (not found or no access)'],
  36: ['SERVER', 'file not ready'],
  37: ['SERVER', 'file name not allowed'],
  38: ['NOT_FOUND', 'folder not found'],
  39: ['SERVER', 'folder no access'],
  40: ['ABORTED', 'operation aborted by user'],
  41: ['SERVER', 'permission denied'],
  42: ['DATA_CONNECTION', 'cannot open FTP data channel'],
  43: ['NETWORK', 'socket parameter error'],
  44: ['NETWORK', 'invalid socket'],
  45: ['NETWORK', 'no socket available'],
  46: ['NETWORK', 'cannot create socket'],
  47: ['NETWORK', 'cannot bind socket'],
  48: ['DNS', 'cannot resolve host name'],
  49: ['NETWORK', 'cannot connect socket'],
  50: ['NETWORK', 'socket name error'],
  51: ['NETWORK', 'socket bind error'],
  52: ['NETWORK', 'socket listen error'],
  53: ['DATA_CONNECTION', 'socket accept error'],
  54: ['NETWORK', 'socket would block'],
  55: ['NETWORK', 'socket write error'],
  56: ['NETWORK', 'socket read error'],
  58: ['DATA_CONNECTION', 'no data to send'],
  59: ['DATA_CONNECTION', 'no data available to get'],
  60: ['DATA_CONNECTION', 'no data to read'],
  61: ['PROTOCOL', 'no response code'],
  62: ['NETWORK', 'not connected'],
  63: ['TLS', 'cannot set secure socket'],
  64: ['INVALID_ARGUMENT', 'cannot decode password'],
  65: ['PROTOCOL', 'cannot get size'],
  66: ['MODEM', 'FFS invalid parameter'],
  67: ['MODEM', 'FFS invalid handle'],
  68: ['MODEM', 'FFS open error'],
  69: ['MODEM', 'FFS seek error'],
  70: ['MODEM', 'FFS size error'],
  71: ['MODEM', 'FFS read error'],
  72: ['MODEM', 'FFS bad offset'],
  73: ['MODEM', 'FFS write error'],
  74: ['MODEM', 'direct link internal error'],
  75: ['DATA_CONNECTION', 'EPSV failed'],
  76: ['DATA_CONNECTION', 'EPSV reply unparsable'],
  77: ['MODEM', 'internal error'],
  78: ['DATA_CONNECTION', 'client IP protocol not supported, try passive'],
  79: ['DATA_CONNECTION', 'data transfer incomplete'],
  226: ['PROTOCOL', 'server replied 226 (closing data connection)'],
  250: ['PROTOCOL', 'server replied 250 (file action completed)'],
  350: ['PROTOCOL', 'server replied 350 (pending further information)'],
  421: ['NETWORK', 'service not available, closing control connection'],
  425: ['DATA_CONNECTION', "can't open data connection"],
  426: ['DATA_CONNECTION', 'connection closed, transfer aborted'],
  450: ['SERVER', 'file unavailable (busy)'],
  451: ['SERVER', 'local error in processing'],
  452: ['SERVER', 'insufficient storage'],
  500: ['PROTOCOL', 'syntax error, command unrecognised'],
  501: ['PROTOCOL', 'syntax error in parameters'],
  502: ['UNSUPPORTED', 'command not implemented'],
  503: ['PROTOCOL', 'bad sequence of commands'],
  504: ['UNSUPPORTED', 'command not implemented for that parameter'],
  530: ['AUTH_FAILED', 'not logged in'],
  532: ['AUTH_FAILED', 'need account for storing files'],
  550: ['NOT_FOUND', 'file unavailable'],
  552: ['SERVER', 'storage allocation exceeded'],
  553: ['SERVER', 'file name not allowed'],
};

/** Classes other than 1 and 8 (R4-MAN App. A.6): their codes are not FTP codes, the class decides. */
export const UFTPER_CLASSES: Readonly<Record<number, CodeEntry>> = {
  0: ['MODEM', 'no error recorded'],
  1: ['PROTOCOL', 'FTP protocol error'],
  3: ['PROTOCOL', 'HTTP protocol error'],
  4: ['MODEM', 'flash file system error'],
  5: ['DNS', 'DNS error'],
  6: ['NETWORK', 'socket error'],
  7: ['MODEM', 'dynamic memory error'],
  8: ['PROTOCOL', 'wrong FTP API usage'],
  10: ['PROTOCOL', 'wrong HTTP API usage'],
  11: ['INVALID_ARGUMENT', 'high-layer syntax error'],
  12: ['MODEM', 'unspecified error'],
};

/** Classes whose `<error_code>` is the FTP table's. */
const FTP_CLASSES: ReadonlySet<number> = new Set([1, 8]);

/**
 * The runner's table. A `+UUFTPCR: <op>,0` carries no reason (digest §9): it
 * is {@link UNEXPLAINED} until `AT+UFTPER` is asked. `+CME ERROR` numbers are
 * not the FTP codes (their values were not read, digest §14), so none is listed:
 * the driver runs with `AT+CMEE=2` and reads file-system errors by their text.
 */
export const UBLOX_CODES = codeTable({ vendor: 'u-blox', codes: { [UNEXPLAINED]: ['MODEM', 'the operation failed (+UUFTPCR: <op>,0)'] } });

/** `+UFTPER` codes after which the module's FTP login is gone: a new session is needed (digest §9, §10). */
export const LOGIN_GONE: ReadonlySet<number> = new Set([33, 62, 421]);

/** Context of {@link uftperError}. */
export interface UftperContext {
  readonly command: string;
  readonly cause?: unknown;
  /** Overrides the table's neutral code, e.g. "35 on cd means NOT_FOUND". */
  readonly code?: FtpErrorCode | undefined;
}

/**
 * The {@link FtpError} of `+UFTPER: <class>,<code>`: classes 1 and 8 through
 * the FTP table (a 4xx/5xx code is the server's reply, kept as `serverReply`),
 * others by class; the module's two numbers are in the message and `vendorCode`
 * is the code.
 *
 * @example
 * uftperError(1, 34, { command: 'AT+UFTPC=1' }); // AUTH_FAILED 'AT+UFTPC=1: login incorrect (u-blox +UFTPER: 1,34)'
 */
export function uftperError(errorClass: number, code: number, context: UftperContext): FtpError {
  const ftp = FTP_CLASSES.has(errorClass);
  const entry = ftp ? UFTP_ERRORS[code] : undefined;
  const byClass = UFTPER_CLASSES[errorClass];
  const neutral = context.code ?? entry?.[0] ?? (ftp ? undefined : byClass?.[0]) ?? 'MODEM';
  const meaning = entry?.[1] ?? (ftp ? 'undocumented FTP error' : `${byClass?.[1] ?? 'undocumented error class'} ${code}`);
  const serverReply = ftp && code >= 400 && code <= 599 ? code : undefined;
  return new FtpError(neutral, `${context.command}: ${meaning} (u-blox +UFTPER: ${errorClass},${code})`, {
    vendorCode: code,
    serverReply,
    command: context.command,
    cause: context.cause,
  });
}
