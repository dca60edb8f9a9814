import type { FtpFailure } from '../backend/types.js';

/** Quectel FTP(S) AN v1.1 chapter 5, Table 3: `<err>` codes. */
export const FTP_ERROR_TEXT: Readonly<Record<number, string>> = {
  601: 'Unknown error', 602: 'FTP(S) server blocked', 603: 'FTP(S) server busy', 604: 'DNS parse failed', 605: 'Network error',
  606: 'Control connection closed.', 607: 'Data connection closed', 608: 'Socket closed by peer', 609: 'Timeout error', 610: 'Invalid parameter',
  611: 'Failed to open file', 612: 'File position invalid', 613: 'File error', 614: 'Service not available, closing control connection',
  615: 'Open data connection failed', 616: 'Connection closed; transfer aborted', 617: 'Requested file action not taken',
  618: 'Requested action aborted: local error in processing', 619: 'Requested action not taken: insufficient system storage',
  620: 'Syntax error, command unrecognized', 621: 'Syntax error in parameters or arguments', 622: 'Command not implemented',
  623: 'Bad sequence of commands', 624: 'Command parameter not implemented', 625: 'Not logged in', 626: 'Need account for storing files',
  627: 'Requested action not taken', 628: 'Requested action aborted: page type unknown', 629: 'Requested file action aborted',
  630: 'Requested file name invalid', 631: 'SSL authentication failed',
};

/**
 * Chapters 5 and 6 pair each server reply of Table 4 with the `<err>` of the same wording in Table 3 (614
 * "Service not available…" ↔ 421, … 630 ↔ 553).
 */
export const REPLY_TO_ERR: Readonly<Record<number, number>> = {
  421: 614, 425: 615, 426: 616, 450: 617, 451: 618, 452: 619, 500: 620, 501: 621, 502: 622,
  503: 623, 504: 624, 530: 625, 532: 626, 550: 627, 551: 628, 552: 629, 553: 630,
};

/** FILE `+CME ERROR` codes (VENDOR-FACTS §B.4). */
export const FILE_ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'invalid input value', 401: 'larger than the size of the file', 402: 'read zero byte', 403: 'drive full',
  405: 'file not found', 406: 'invalid file name', 407: 'file already existed', 409: 'fail to write the file',
  410: 'fail to open the file', 411: 'fail to read the file', 413: 'reached max number of files allowed to be opened',
  414: 'file is read-only', 416: 'invalid file descriptor', 417: 'fail to list the file', 418: 'fail to delete the file',
  419: 'fail to get disk info', 420: 'no space', 421: 'time out', 423: 'file too large', 425: 'invalid parameter',
  426: 'file already opened',
};

export function errorText(code: number): string | undefined {
  return FTP_ERROR_TEXT[code] ?? FILE_ERROR_TEXT[code];
}

/**
 * Maps a neutral backend failure to `+QFTPxxx: <err>,<protocol_error>`. `bytesMoved` separates a data
 * connection that never opened (615) from one that broke mid-transfer (607).
 */
export function failureToCodes(failure: FtpFailure, bytesMoved = 0): [err: number, protocolError: number] {
  switch (failure.kind) {
    case 'dns':
      return [604, 0];
    case 'connect':
      return [605, 0];
    case 'timeout':
      return [609, 0];
    case 'tls':
      return [631, 0];
    case 'closed':
      return [606, 0];
    case 'aborted':
      return [616, 0];
    case 'data':
      return [bytesMoved > 0 ? 607 : 615, 0];
    case 'login':
    case 'server': {
      const reply = failure.reply ?? 0;
      return [REPLY_TO_ERR[reply] ?? 601, reply];
    }
  }
}
