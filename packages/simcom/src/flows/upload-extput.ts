import { AtAbortedError, type ByteSource } from '@cellftp/core';
import { EXT_BLOCK, EXT_RAM_LIMIT, extputWrite, SIMPLE } from '../commands.js';
import type { SimcomLink } from './link.js';
import { abandon, aborted, type Transfer } from './session-lines.js';

/**
 * `AT+FTPEXTPUT` staging (§15.2.19, S-FTPAN V1.02 §2.2.3, §5.12) in rounds of
 * the RAM size, every round after the first appended with FTPPUTOPT "APPE".
 * `=1` comes before the first read, so a firmware that refuses it costs no
 * byte of the source and the next strategy can take over. Progress counts
 * each block the module took into its RAM (its `OK`).
 *
 * @returns false when the source is empty (the caller then uses plain
 * FTPPUT: an empty RAM upload is undocumented).
 */
export async function extputUpload(link: SimcomLink, source: ByteSource, transfer: Transfer, append: boolean, sent: (n: number) => void): Promise<boolean> {
  const { runner } = link;
  let next: Uint8Array | undefined;
  try {
    for (let round = 0; ; round++) {
      await link.set('FTPPUTOPT', append || round > 0 ? 'APPE' : 'STOR');
      await link.set('FTPEXTPUT', 1);
      next ??= await source.read(EXT_BLOCK);
      if (next.length === 0) return false;
      let staged = 0;
      while (next.length > 0 && staged + next.length <= EXT_RAM_LIMIT) {
        if (transfer.signal?.aborted) throw aborted(transfer);
        await runner.plain(extputWrite(staged, next));
        staged += next.length;
        sent(next.length);
        next = await source.read(Math.min(EXT_BLOCK, EXT_RAM_LIMIT - staged) || EXT_BLOCK);
      }
      if (transfer.signal?.aborted) throw aborted(transfer, SIMPLE.putRam.text);
      try {
        await runner.run({ ...SIMPLE.putRam, signal: transfer.signal });
      } catch (error) {
        // The module keeps uploading its RAM unless told to stop.
        if (error instanceof AtAbortedError && transfer.signal?.aborted) throw await abandon(link, transfer, SIMPLE.putRam.text);
        throw error;
      }
      // Clear the RAM before the next round: a shorter round must not re-send the previous tail.
      await link.set('FTPEXTPUT', 0);
      if (next.length === 0) return true;
    }
  } finally {
    if (link.module.params.get('FTPEXTPUT') !== 0) await link.set('FTPEXTPUT', 0).catch(() => undefined);
  }
}
