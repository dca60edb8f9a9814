import { AtAbortedError, FtpError, type PayloadSink } from '@cellftp/core';
import { cachedLengthOf, EXT_BLOCK, EXT_RAM_LIMIT, EXTGET_OFF, EXTGET_QUERY, extgetRead, SIMPLE } from '../commands.js';
import { DOWNLOAD_ERROR } from '../codes.js';
import type { SimcomLink } from './link.js';
import { abandon, aborted, type Transfer } from './session-lines.js';

/**
 * `AT+FTPEXTGET` (§15.2.23, S-FTPAN V1.02 §2.2.3, §5.13) in rounds of the RAM
 * size, each starting at its offset with AT+FTPREST (§15.2.6). A round that
 * hits the limit may end with 79 (what the virtual module does; real firmware
 * is [NF]): accepted when the file size says more was to come.
 */
export async function extgetDownload(link: SimcomLink, sink: PayloadSink, transfer: Transfer, startAt: number, size: number | undefined): Promise<void> {
  const { runner } = link;
  let offset = startAt;
  try {
    for (;;) {
      const remaining = size === undefined ? Number.POSITIVE_INFINITY : size - offset;
      if (remaining <= 0) break;
      if (transfer.signal?.aborted) throw aborted(transfer, SIMPLE.getRam.text);
      await link.set('FTPREST', offset);
      if (offset > 0) link.forget('FTPREST');
      const code = await fetchRound(link, transfer);
      const cached = cachedLengthOf(await runner.plain(EXTGET_QUERY));
      // Without a size, only a full RAM says "there is more".
      const full = size === undefined ? cached >= EXT_RAM_LIMIT : cached > 0;
      if (code instanceof FtpError && !(code.vendorCode === DOWNLOAD_ERROR && remaining > EXT_RAM_LIMIT && full)) throw code;
      const take = Math.min(cached, remaining);
      for (let pos = 0; pos < take; pos += EXT_BLOCK) {
        if (transfer.signal?.aborted) throw aborted(transfer);
        await runner.plain(extgetRead(pos, Math.min(EXT_BLOCK, take - pos), link.runner.timeoutMs, sink));
      }
      offset += take;
      if (code === 0 || take === 0) break;
    }
  } finally {
    await runner.plain(EXTGET_OFF).catch(() => undefined);
  }
}

/** One `AT+FTPEXTGET=1` round: 0, or the round's failure when it may be the RAM limit (79). */
async function fetchRound(link: SimcomLink, transfer: Transfer): Promise<0 | FtpError> {
  try {
    await link.runner.run({ ...SIMPLE.getRam, signal: transfer.signal });
    return 0;
  } catch (error) {
    if (error instanceof AtAbortedError && transfer.signal?.aborted) throw await abandon(link, transfer, SIMPLE.getRam.text);
    if (error instanceof FtpError && error.code === 'DATA_CONNECTION' && error.vendorCode === DOWNLOAD_ERROR) return error;
    throw error;
  }
}
