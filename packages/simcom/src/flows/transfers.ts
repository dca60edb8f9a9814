import { countingSink, countingSource, runStrategies, type ByteSource, type DownloadContext, type PayloadSink, type UploadContext } from '@cellftp/core';
import { missingMeansNotFound } from '../codes.js';
import type { SimcomDownloadStrategy, SimcomUploadStrategy } from '../vendor.js';
import { etgetDownload } from './download-etget.js';
import { extgetDownload } from './download-extget.js';
import type { SimcomLink } from './link.js';
import { pull } from './pull.js';
import type { Transfer } from './session-lines.js';
import { chunkedUpload } from './upload-chunked.js';
import { etputUpload } from './upload-etput.js';
import { extputUpload } from './upload-extput.js';

/**
 * Runs a download (target aimed: FTPGETPATH/NAME) by the first strategy the
 * firmware accepts, in `order`. `startAt` becomes AT+FTPREST (§15.2.6,
 * S-FTPAN §5.1.7); whether the module resets it after a GET is not
 * documented ([NF] VENDOR-FACTS A.3), so a non-zero value is always written
 * again next time. EXTGET plans its RAM rounds from the size (`sizeOf`).
 */
export async function download(
  link: SimcomLink,
  order: readonly SimcomDownloadStrategy[],
  what: string,
  sink: PayloadSink,
  ctx: DownloadContext,
  sizeOf: () => Promise<number | undefined>,
): Promise<number> {
  const counted = countingSink(sink, (n) => ctx.onBytes(n));
  const transfer: Transfer = { what, signal: ctx.signal, moved: () => counted.bytes, startAt: ctx.startAt };
  const attempt = async (strategy: SimcomDownloadStrategy): Promise<void> => {
    if (strategy === 'extget') {
      const size = await sizeOf();
      if (size !== undefined) ctx.onTotal(Math.max(0, size - ctx.startAt));
      return extgetDownload(link, counted.sink, transfer, ctx.startAt, size);
    }
    await link.set('FTPREST', ctx.startAt);
    if (ctx.startAt > 0) link.forget('FTPREST');
    if (strategy === 'etget') return etgetDownload(link, counted.sink, transfer);
    return pull(link, 'FTPGET', counted.sink, transfer, missingMeansNotFound);
  };
  await runStrategies({ order, memory: link.module.downloads }, attempt, () => counted.bytes);
  return counted.bytes;
}

/** Runs an upload (target and FTPPUTOPT set) by the first strategy the firmware accepts; resolves with the bytes the module took. */
export async function upload(link: SimcomLink, order: readonly SimcomUploadStrategy[], what: string, source: ByteSource, ctx: UploadContext): Promise<number> {
  const read = countingSource(source);
  let confirmed = 0;
  const sent = (n: number): void => {
    confirmed += n;
    ctx.onBytes(n);
  };
  const transfer: Transfer = { what, signal: ctx.signal, moved: () => confirmed };
  const attempt = async (strategy: SimcomUploadStrategy): Promise<void> => {
    if (strategy === 'extput' && (await extputUpload(link, read, transfer, ctx.append, sent))) return;
    if (strategy === 'etput') return etputUpload(link, read, transfer, sent);
    return chunkedUpload(link, read, transfer, sent);
  };
  // A strategy that read from the source cannot be replaced: those bytes are gone.
  await runStrategies({ order, memory: link.module.uploads }, attempt, () => read.bytesRead);
  return confirmed;
}
