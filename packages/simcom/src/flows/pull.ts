import { AtCommandError, type FtpErrorCode, type ParsedResult, type PayloadSink } from '@cellftp/core';
import { pullRead, READ_MAX } from '../commands.js';
import type { SimcomLink } from './link.js';
import { SessionLines, type Transfer } from './session-lines.js';

/** The `AT+FTPGET` / `AT+FTPLIST` pull loop (§15.2.14/22, S-FTPAN §5.1): read while the module says data waits. */
export async function pull(
  link: SimcomLink,
  kind: 'FTPGET' | 'FTPLIST',
  sink: PayloadSink,
  transfer: Transfer,
  codeFor?: (failure: ParsedResult) => FtpErrorCode | undefined,
): Promise<void> {
  const { lines, first } = await SessionLines.open(link, kind, transfer, codeFor);
  try {
    let code = first.vendorCode;
    while (code === 1) {
      if (transfer.signal?.aborted) throw await lines.abort();
      let got: number;
      try {
        got = (await link.runner.plain(pullRead(kind, link.runner.timeoutMs, sink))).payloadBytes;
      } catch (error) {
        // ERROR here: the session ended between two reads (its `1,0` or `1,<err>` is queued).
        if (!(error instanceof AtCommandError)) throw error;
        got = 0;
      }
      // A short read emptied the module's buffer: wait until it says more data (or the end) is there.
      if (got < READ_MAX) code = (await lines.next()).vendorCode;
    }
  } finally {
    lines.close();
  }
}
