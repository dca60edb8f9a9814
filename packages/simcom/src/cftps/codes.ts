import { codeTable, type CodeEntry, type FtpErrorCode, type ParsedResult } from '@cellftp/core';

/**
 * `<errcode>` of every `+CFTPSxxx:` result (A76XX AT manual V1.09 §17.3.1 =
 * SIM7500/7600 V3.00 §12.3.1 = A76XX FTP(S) AN §4.1; digest §10), with the
 * neutral code each becomes and the document's wording. The module never
 * reports the server's reply code, so `serverReply` stays undefined.
 */
export const CFTPS_ERRORS: Readonly<Record<number, CodeEntry>> = {
  1: ['TLS', 'SSL alert'],
  2: ['MODEM', 'unknown error'],
  3: ['BUSY', 'busy'],
  4: ['NETWORK', 'connection closed by server'],
  5: ['TIMEOUT', 'timeout'],
  6: ['DATA_CONNECTION', 'transfer failed'],
  7: ['NOT_FOUND', 'file not exists or other memory error'],
  8: ['INVALID_ARGUMENT', 'invalid parameter'],
  9: ['SERVER', 'operation rejected by server'],
  10: ['NETWORK', 'network error'],
  11: ['MODEM', 'state error'],
  12: ['DNS', 'failed to parse server name'],
  13: ['NETWORK', 'create socket error'],
  14: ['DATA_CONNECTION', 'connect socket failed'],
  15: ['NETWORK', 'close socket failed'],
  16: ['TLS', 'SSL session closed'],
  17: ['NOT_FOUND', 'file error, file not exist or other error'],
  421: ['NETWORK', 'server response timed out or connection closed; log in again'],
};

export const CFTPS_CODES = codeTable({ vendor: 'SIMCom', codes: CFTPS_ERRORS });

/** Codes that can also be a file size in `+CFTPSSIZE: <n>` (quirk Q3). */
export const SIZE_AMBIGUOUS: ReadonlySet<number> = new Set(Object.keys(CFTPS_ERRORS).map(Number));

/** The module reports the FTP login gone: the next operation needs a new login (digest §9, §10). */
export const LOGIN_GONE: ReadonlySet<number> = new Set([4, 421]);
/** Busy: SIMCom's tool retries these (digest §10, Q8). */
export const BUSY_CODES: ReadonlySet<number> = new Set([3]);
/**
 * The module reports no server reply, only 9 "operation rejected by server".
 * On a command naming a remote path (CWD, RMD, DELE, SIZE, LIST, GET, PUT) the
 * server's rejection is its 550 "no such file or directory / not permitted",
 * which every other family reports as NOT_FOUND.
 */
export const onPath = (failure: ParsedResult): FtpErrorCode | undefined => (failure.vendorCode === 9 ? 'NOT_FOUND' : undefined);

/**
 * On login, 9 is the server refusing USER/PASS (its 530) and 14 the control
 * connection, not a data connection (digest §10).
 */
export const onLogin = (failure: ParsedResult): FtpErrorCode | undefined =>
  failure.vendorCode === 9 ? 'AUTH_FAILED' : failure.vendorCode === 14 ? 'NETWORK' : undefined;
