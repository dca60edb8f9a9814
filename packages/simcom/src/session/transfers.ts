import type { ByteSource, DownloadContext, PayloadSink, UploadContext } from '@cellftp/core';
import { pullSession } from '../flows/pull.js';
import { etgetDownload } from '../flows/download-etget.js';
import { extgetDownload } from '../flows/download-extget.js';
import { chunkedUpload } from '../flows/upload-chunked.js';
import { etputUpload } from '../flows/upload-etput.js';
import { extputUpload } from '../flows/upload-extput.js';
import type { SimcomDownloadStrategy, SimcomUploadStrategy } from '../validate.js';
import type { FtpRunner } from './runner.js';

/**
 * Runs a download by `strategy`; the target is already aimed (FTPGETPATH/NAME).
 * `startAt` becomes AT+FTPREST (§15.2.6, S-FTPAN §5.1.7). Whether the module
 * resets FTPREST after a GET is not documented ([NF] VENDOR-FACTS A.3), so a
 * non-zero value is always written again next time.
 */
export async function runDownload(
  runner: FtpRunner,
  strategy: SimcomDownloadStrategy,
  sink: PayloadSink,
  ctx: DownloadContext,
  size: number | undefined,
): Promise<number> {
  const onBytes = (n: number): void => ctx.onBytes(n);
  if (strategy === 'extget') {
    return extgetDownload(runner, sink, { startAt: ctx.startAt, size, signal: ctx.signal, onBytes });
  }
  await runner.set('FTPREST', ctx.startAt);
  if (ctx.startAt > 0) runner.forget('FTPREST');
  if (strategy === 'etget') return etgetDownload(runner, sink, ctx.signal, onBytes);
  return pullSession(runner, 'FTPGET', sink, { signal: ctx.signal, onBytes, missingMeansNotFound: true });
}

/** Runs an upload by `strategy`; the target and FTPPUTOPT are already set. */
export async function runUpload(runner: FtpRunner, strategy: SimcomUploadStrategy, source: ByteSource, ctx: UploadContext): Promise<number> {
  const onBytes = (n: number): void => ctx.onBytes(n);
  if (strategy === 'extput') {
    const sent = await extputUpload(runner, source, ctx.append, ctx.signal, onBytes);
    if (sent !== undefined) return sent;
  }
  if (strategy === 'etput') {
    await runner.set('FTPEXTPUT', 0);
    return etputUpload(runner, source, ctx.signal, onBytes);
  }
  return chunkedUpload(runner, source, ctx.signal, onBytes);
}
