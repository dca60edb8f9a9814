import { urcFields } from '../engine/matchers.js';
import type { ResultShape } from './result-shape.js';

/** How {@link openingResult} reads a session's lines. */
export interface OpeningLayout {
  /** Fixed fields before the code, as in `FieldLayout.lead` (SIMCom: `['1']`). */
  readonly lead?: readonly string[];
  /**
   * Codes besides 0 that the runner takes as success: "the session is open,
   * more follows" (SIMCom's `+FTPGET: 1,1`), or an end the flow tells apart
   * itself (SIMCom's `1,80` after AT+FTPQUIT, the answer to an abandoned stream).
   */
  readonly open: readonly number[];
}

/**
 * The shape of a command that opens a multi-step session, such as SIMCom's
 * `AT+FTPGET=1` / `AT+FTPPUT=1`: its first result line is either "open"
 * (`+FTPGET: 1,1`), "already done" (`+FTPGET: 1,0`, an empty file) or a
 * failure (`+FTPGET: 1,66`). Both of the first two are success for the
 * {@link OperationRunner}; a failure goes through the code table and the busy
 * rule like any operation's. Read the session's later lines with `parse` too.
 * Tolerant of spaces after the colon and around commas, like `fieldResult`.
 *
 * @example
 * const get = openingResult('FTPGET', { lead: ['1'], open: [1] });
 * get.parse('+FTPGET:1,1');  // { ok: true, vendorCode: 1, values: [] }
 * get.failed.test('+FTPGET: 1,66'); // true
 */
export function openingResult(name: string, layout: OpeningLayout): ResultShape {
  const lead = (layout.lead ?? []).map((f) => `${escape(f)}\\s*,\\s*`).join('');
  const prefix = `^\\+${escape(name)}:\\s*${lead}`;
  const end = '\\s*(?:,|$)';
  const good = [0, ...layout.open];
  const success = `(?:${good.join('|')})${end}`;
  const leadCount = layout.lead?.length ?? 0;
  return {
    name,
    any: new RegExp(`${prefix}\\d+${end}`),
    ok: new RegExp(`${prefix}${success}`),
    failed: new RegExp(`${prefix}(?!${success})\\d+${end}`),
    parse(line) {
      const fields = urcFields(line).slice(leadCount);
      const vendorCode = Number(fields[0]);
      return { ok: good.includes(vendorCode), values: fields.slice(1), vendorCode, serverReply: undefined };
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
