import { codeTable, type CodeEntry, type FtpError, type FtpErrorCode } from '@cellftp/core';

/**
 * Quectel FTP(S) AN v1.1 chapter 5 (Table 3): every `<err>` of a
 * `+QFTPxxx: <err>,<protocol_error>` URC or `+CME ERROR: <err>`, with the
 * vendor-neutral code it becomes and the document's wording.
 */
export const QFTP_ERRORS: Readonly<Record<number, CodeEntry>> = {
  601: ['MODEM', 'unknown error'],
  602: ['SERVER', 'FTP(S) server blocked'],
  603: ['BUSY', 'FTP(S) server busy'],
  604: ['DNS', 'DNS parse failed'],
  605: ['NETWORK', 'network error'],
  606: ['NETWORK', 'control connection closed'],
  607: ['DATA_CONNECTION', 'data connection closed'],
  608: ['NETWORK', 'socket closed by peer'],
  609: ['TIMEOUT', 'timeout error'],
  610: ['INVALID_ARGUMENT', 'invalid parameter'],
  611: ['MODEM', 'failed to open file'],
  612: ['INVALID_ARGUMENT', 'file position invalid'],
  613: ['MODEM', 'file error'],
  614: ['SERVER', 'service not available, closing control connection'],
  615: ['DATA_CONNECTION', 'open data connection failed'],
  616: ['DATA_CONNECTION', 'connection closed; transfer aborted'],
  617: ['SERVER', 'requested file action not taken'],
  618: ['SERVER', 'requested action aborted: local error in processing'],
  619: ['SERVER', 'requested action not taken: insufficient system storage'],
  620: ['PROTOCOL', 'syntax error, command unrecognized'],
  621: ['PROTOCOL', 'syntax error in parameters or arguments'],
  622: ['UNSUPPORTED', 'command not implemented'],
  623: ['PROTOCOL', 'bad sequence of commands'],
  624: ['UNSUPPORTED', 'command parameter not implemented'],
  625: ['AUTH_FAILED', 'not logged in'],
  626: ['AUTH_FAILED', 'need account for storing files'],
  627: ['NOT_FOUND', 'requested action not taken'],
  628: ['SERVER', 'requested action aborted: page type unknown'],
  629: ['SERVER', 'requested file action aborted'],
  630: ['SERVER', 'requested file name invalid'],
  631: ['TLS', 'SSL authentication failed'],
};

/**
 * AN chapter 6 (Table 4): the server's own reply in `<protocol_error>`. When
 * present it is the more precise fact (AN §4.4: 530 = wrong account, 550 = no
 * such file), so it decides the neutral code before `<err>` does.
 */
export const SERVER_REPLIES: Readonly<Record<number, FtpErrorCode>> = {
  421: 'SERVER',
  425: 'DATA_CONNECTION',
  426: 'DATA_CONNECTION',
  450: 'SERVER',
  451: 'SERVER',
  452: 'SERVER',
  500: 'PROTOCOL',
  501: 'PROTOCOL',
  502: 'UNSUPPORTED',
  503: 'PROTOCOL',
  504: 'UNSUPPORTED',
  530: 'AUTH_FAILED',
  532: 'AUTH_FAILED',
  550: 'NOT_FOUND',
  551: 'SERVER',
  552: 'SERVER',
  553: 'SERVER',
};

/**
 * FILE `+CME ERROR` codes of the module's local storage (VENDOR-FACTS §B.4),
 * met by the `ufs`/`ram` strategies and the listing read-out.
 */
export const FILE_ERRORS: Readonly<Record<number, CodeEntry>> = {
  400: ['MODEM', 'invalid input value'],
  401: ['MODEM', 'larger than the size of the file'],
  402: ['MODEM', 'read zero byte'],
  403: ['MODEM', 'module drive full'],
  405: ['NOT_FOUND', 'module file not found'],
  406: ['INVALID_ARGUMENT', 'invalid module file name'],
  407: ['MODEM', 'module file already exists'],
  409: ['MODEM', 'failed to write the module file'],
  410: ['MODEM', 'failed to open the module file'],
  411: ['MODEM', 'failed to read the module file'],
  413: ['MODEM', 'too many open module files'],
  416: ['MODEM', 'invalid file handle'],
  420: ['MODEM', 'no space on the module drive'],
  421: ['TIMEOUT', 'module file operation timed out'],
  423: ['MODEM', 'file too large for the module drive'],
  426: ['MODEM', 'module file already open'],
};

/** Both tables as the kit's code table: the server's 4xx/5xx reply decides first (AN §4.4). */
export const QUECTEL_CODES = codeTable({ vendor: 'Quectel', codes: { ...QFTP_ERRORS, ...FILE_ERRORS }, serverReplies: SERVER_REPLIES });

/**
 * The {@link FtpError} for a Quectel `<err>` (and `<protocol_error>`, where
 * 0 means "no server reply", AN §2.2).
 *
 * @example
 * quectelError(625, 530, 'AT+QFTPOPEN="h",21') // FtpError AUTH_FAILED, vendorCode 625, serverReply 530
 */
export function quectelError(err: number, protocolError: number | undefined, command: string, cause?: unknown): FtpError {
  return QUECTEL_CODES.error(err, { serverReply: protocolError, command, cause });
}

/** Errors after which the module's FTP session may be gone: the driver asks `AT+QFTPSTAT` (AN §2.17). */
export const SESSION_MAY_BE_GONE: ReadonlySet<number> = new Set([605, 606, 608, 609, 614, 625]);
/** Errors that say the control connection is gone (AN Table 3/4: 606, 614 = the server's 421). */
export const CONTROL_GONE: ReadonlySet<number> = new Set([606, 614]);
