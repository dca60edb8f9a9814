import { FtpError, type FtpErrorCode } from '../errors/ftp-error.js';

/** One vendor code: the neutral code it becomes and the vendor document's wording. */
export type CodeEntry = readonly [FtpErrorCode, string];

/** What {@link codeTable} needs from a vendor. */
export interface CodeTableSpec {
  /** Named in messages: `Quectel`, `SIMCom`, `u-blox`. */
  readonly vendor: string;
  /** Every documented vendor code. */
  readonly codes: Readonly<Record<number, CodeEntry>>;
  /**
   * The server's reply decides before the vendor code when present (a 530 is
   * a wrong password whatever the module calls it). Only 4xx/5xx are
   * verdicts of the server: a 1xx such as 150 "opening data connection" in a
   * failure line means the data connection failed after the server agreed,
   * so it always reads DATA_CONNECTION (worth a retry), never this table.
   */
  readonly serverReplies?: Readonly<Record<number, FtpErrorCode>>;
  /** Code for undocumented numbers; default `MODEM`. */
  readonly fallback?: FtpErrorCode;
}

/** Per-failure context for {@link CodeTable.error}. */
export interface CodeContext {
  readonly serverReply?: number | undefined;
  /** The AT command, already redacted. */
  readonly command: string;
  readonly cause?: unknown;
  /** Overrides the neutral code the table gives (e.g. SIMCom 77 on an operation that names an existing file → NOT_FOUND). */
  readonly code?: FtpErrorCode | undefined;
}

/** A vendor's code table, turning its numbers into {@link FtpError}s one way for every vendor. */
export interface CodeTable {
  readonly vendor: string;
  /** The table entry of `vendorCode`, if documented. */
  entry(vendorCode: number): CodeEntry | undefined;
  /** The neutral code for `vendorCode` with an optional server reply. */
  codeOf(vendorCode: number, serverReply?: number): FtpErrorCode;
  error(vendorCode: number, context: CodeContext): FtpError;
}

/**
 * Builds a vendor's {@link CodeTable}.
 *
 * @example
 * const codes = codeTable({ vendor: 'Quectel', codes: { 627: ['NOT_FOUND', 'requested action not taken'] }, serverReplies: { 550: 'NOT_FOUND' } });
 * codes.error(627, { serverReply: 550, command: 'AT+QFTPSIZE="x"' });
 * // FtpError NOT_FOUND: 'AT+QFTPSIZE="x": requested action not taken (Quectel 627, server replied 550)'
 */
export function codeTable(spec: CodeTableSpec): CodeTable {
  const verdict = (reply: number | undefined): FtpErrorCode | undefined => {
    if (reply === undefined) return undefined;
    // A failure after a preliminary reply (125/150 "opening data connection"): the server had agreed,
    // the data connection then failed. EC25/EP06 users report `+QFTPGET: 627,150` for files that exist.
    if (reply >= 100 && reply <= 199) return 'DATA_CONNECTION';
    return reply >= 400 && reply <= 599 ? spec.serverReplies?.[reply] : undefined;
  };
  const codeOf = (vendorCode: number, serverReply?: number): FtpErrorCode =>
    verdict(serverReply) ?? spec.codes[vendorCode]?.[0] ?? spec.fallback ?? 'MODEM';
  return {
    vendor: spec.vendor,
    entry: (vendorCode) => spec.codes[vendorCode],
    codeOf,
    error(vendorCode, context) {
      const meaning = spec.codes[vendorCode]?.[1] ?? 'undocumented error';
      const reply = context.serverReply !== undefined && context.serverReply >= 100 && context.serverReply <= 599 ? context.serverReply : undefined;
      const said = reply === undefined ? '' : reply < 200 ? `, after the server's preliminary ${reply}` : `, server replied ${reply}`;
      const detail = `${spec.vendor} ${vendorCode}${said}`;
      return new FtpError(context.code ?? codeOf(vendorCode, reply), `${context.command}: ${meaning} (${detail})`, {
        vendorCode,
        serverReply: reply,
        command: context.command,
        cause: context.cause,
      });
    },
  };
}
