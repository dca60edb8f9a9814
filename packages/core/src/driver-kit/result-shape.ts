import { urcFields } from '../engine/matchers.js';

/** One result line read through its {@link ResultShape}. */
export interface ParsedResult {
  /** True for the success form. */
  readonly ok: boolean;
  /** The fields after the result code, e.g. `['1000']` for `+QFTPSIZE: 0,1000`. */
  readonly values: readonly string[];
  /** The vendor's result code (0 on success). */
  readonly vendorCode: number;
  /** The FTP server's reply when the line carries one (100–599), else undefined. */
  readonly serverReply: number | undefined;
}

/**
 * What an "OK now, result later" operation prints when it is done, declared
 * once per operation family instead of as regexes scattered through flows.
 * Every pattern accepts the space after the colon and around commas or not:
 * vendors' own documents print both (`+QFTPSIZE:0, 1000`, `+FTPRENAME:1,0`).
 */
export interface ResultShape {
  /** The URC name without `+`, e.g. `QFTPGET`, `FTPSIZE`. */
  readonly name: string;
  /** Every result line of the operation, success or failure. */
  readonly any: RegExp;
  /** The success form. */
  readonly ok: RegExp;
  /** The failure form. */
  readonly failed: RegExp;
  parse(line: string): ParsedResult;
}

/** How a vendor lays out the fields of its result lines. */
export interface FieldLayout {
  /** Fixed fields before the result code: SIMCom prints `+FTPSIZE: 1,<code>,…`, so `['1']`. */
  readonly lead?: readonly string[];
  /** Codes in the result position that are not results (SIMCom's `1,1` "session open / data waiting"). */
  readonly notResults?: readonly number[];
  /** Index (within the fields after the code) holding the server's reply on failure, e.g. Quectel's `<protocol_error>` = 0. */
  readonly replyField?: number;
}

/**
 * Declares a result shape from a field layout.
 *
 * @example
 * const size = fieldResult('QFTPSIZE', { replyField: 0 });
 * size.parse('+QFTPSIZE: 627,550'); // { ok: false, vendorCode: 627, serverReply: 550, values: ['550'] }
 * const ftpSize = fieldResult('FTPSIZE', { lead: ['1'], notResults: [1] });
 * ftpSize.parse('+FTPSIZE:1,0,1024'); // { ok: true, vendorCode: 0, values: ['1024'], serverReply: undefined }
 */
export function fieldResult(name: string, layout: FieldLayout = {}): ResultShape {
  const lead = (layout.lead ?? []).map((f) => `${escape(f)}\\s*,\\s*`).join('');
  const prefix = `^\\+${escape(name)}:\\s*${lead}`;
  const skip = (layout.notResults ?? []).map((n) => `(?!${n}\\s*(?:,|$))`).join('');
  const end = '\\s*(?:,|$)';
  const leadCount = layout.lead?.length ?? 0;
  return {
    name,
    any: new RegExp(`${prefix}${skip}\\d+${end}`),
    ok: new RegExp(`${prefix}0${end}`),
    failed: new RegExp(`${prefix}${skip}(?!0${end})\\d+${end}`),
    parse(line) {
      const fields = urcFields(line).slice(leadCount);
      const vendorCode = Number(fields[0]);
      const values = fields.slice(1);
      const ok = vendorCode === 0;
      const replyText = layout.replyField !== undefined && !ok ? values[layout.replyField] : undefined;
      const reply = replyText !== undefined && /^\d{3}$/.test(replyText) ? Number(replyText) : undefined;
      return { ok, values, vendorCode, serverReply: reply !== undefined && reply >= 100 && reply <= 599 ? reply : undefined };
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
