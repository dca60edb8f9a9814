import type { PayloadSink } from '@cellftp/core';
import { etget } from '../commands.js';
import type { SimcomLink } from './link.js';
import { aborted, type Transfer } from './session-lines.js';

/**
 * `AT+FTPETGET=1` (§15.2.25, S-FTPAN §5.15): one stream. An abort is the
 * command's own fact (AT+FTPQUIT into the stream); the engine ends the
 * stream, waits for the module's answer and clears the line.
 */
export async function etgetDownload(link: SimcomLink, sink: PayloadSink, transfer: Transfer): Promise<void> {
  // What streams in after the abort is dropped: the module answers AT+FTPQUIT inside the stream, so only a prefix up to the abort is the file's.
  const op = etget((chunk) => (transfer.signal?.aborted ? undefined : sink(chunk)));
  let end: string | undefined;
  try {
    end = (await link.runner.run({ ...op, signal: transfer.signal })).response.resultUrc;
  } catch (error) {
    // Aborted: the result is 80 (or 0 when the file ended first); the abort is what the caller gets.
    throw transfer.signal?.aborted ? aborted(transfer, op.text) : error;
  }
  const { vendorCode } = op.result.parse(end ?? '');
  // Someone else's AT+FTPQUIT: the file is cut.
  if (vendorCode !== 0) throw link.runner.rules.codes.error(vendorCode, { command: op.text });
}
