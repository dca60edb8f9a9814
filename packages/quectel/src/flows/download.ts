import { FtpError, knownLengthAfter, type DownloadContext, type PayloadSink } from '@cellftp/core';
import { commands } from '../commands.js';
import { deleteModuleFile, readModuleFile } from './module-file.js';
import { RangeEscape } from './range-escape.js';
import { refreshState, runFtp, type Link } from './runner.js';
import { TailGuard } from './tail-guard.js';
import { abortedAfter, crossCheckLength, remoteSize } from './transfer-common.js';

/**
 * Bytes per ranged `QFTPGET` by default. Each range opens a data connection
 * that the module cuts at its end, after the server has already sent up to a
 * TCP window beyond it (cellular bytes paid for and thrown away; in the
 * emulator, megabytes the FTP server read for nothing). Long ranges make that
 * waste negligible, and {@link RangeEscape} keeps an abort prompt whatever the
 * length. Measured (bench/memory.bench.ts, 30 MiB at 3 Mbaud, FTP server in
 * process, baseline right after start-up): 33.3 MiB RSS added with ~1 MiB
 * ranges, 16.4 MiB with 16 MiB ranges; efficiency 0.985 → 0.995 at 115200.
 * 16 MiB is also the engine's default bound on one exact-length payload.
 */
export const DEFAULT_DOWNLOAD_RANGE = 16 * 1024 * 1024;

/**
 * Default strategy `com` (B.9 #3, AN §2.6 `<downloadlen>`): learn the size,
 * then `AT+QFTPGET=<file>,"COM:",<startpos>,<len>` ranges, each read as
 * exactly `<len>` bytes after `CONNECT`, then `OK`, then `+QFTPGET: 0,<len>`.
 * Nothing is ever ended by looking for `OK` in the data. An abort mid-range
 * escapes with `+++` ({@link RangeEscape}).
 */
export async function downloadRanged(link: Link, path: string, sink: PayloadSink, ctx: DownloadContext, rangeBytes = DEFAULT_DOWNLOAD_RANGE): Promise<number> {
  const total = await remoteSize(link, path, ctx.signal);
  ctx.onTotal(total);
  if (ctx.startAt > total) throw new FtpError('INVALID_ARGUMENT', `startAt ${ctx.startAt} is beyond the end of ${path} (${total} bytes)`);
  let position = ctx.startAt;
  let last = 0;
  while (position < total) {
    if (ctx.signal?.aborted) throw abortedAfter(`download of ${path}`, position - ctx.startAt);
    const length = Math.min(rangeBytes, total - position);
    const text = commands.getRange(path, position, length);
    const guard = new TailGuard(link.engine, sink, ctx.onBytes, link.engine.secrets.redact(text));
    const escape = new RangeEscape(link.engine, ctx.signal);
    try {
      const { fields, response } = await runFtp(link, {
        name: 'QFTPGET',
        text,
        internal: guard.signal,
        incoming: { dataAfter: knownLengthAfter('CONNECT', length), sink: guard.sink, maxLength: length },
        outgoing: escape.outgoing,
      });
      await guard.flush();
      const moved = Number(fields[1]);
      if (moved !== length || response.payloadBytes !== length) {
        throw new FtpError('PROTOCOL', `${response.command}: module reports ${moved} bytes, ${response.payloadBytes} arrived, ${length} asked (did the file change?)`);
      }
    } catch (error) {
      await guard.salvage();
      position += guard.delivered;
      // runFtp has asked the module already after a timeout; a silent module must not cost a second wait.
      if (!link.closed && !(error instanceof FtpError && error.code === 'TIMEOUT')) await refreshState(link);
      if (escape.written) throw abortedAfter(`download of ${path}`, position - ctx.startAt);
      throw annotate(error, `download of ${path} stopped at byte ${position}; resume with startAt: ${position}`);
    } finally {
      escape.end();
      guard.stop();
    }
    // The range ended as `+++` was written: the module, back in command mode, holds it as the start of a line.
    if (escape.written) await link.engine.run({ text: 'AT', timeoutMs: 2000 }).catch(() => undefined);
    position += length;
    last = length;
  }
  if (last > 0) await crossCheckLength(link, last, position - ctx.startAt);
  return position - ctx.startAt;
}

/**
 * Strategy `ufs` / `ram` (B.9 #4, AN §2.6 with a local name): the module
 * downloads into its own file, then the driver reads it out with
 * `AT+QFREAD` (`CONNECT <n>` length-framed) and deletes it.
 */
export async function downloadViaModuleFile(
  link: Link,
  path: string,
  sink: PayloadSink,
  ctx: DownloadContext,
  drive: 'UFS' | 'RAM',
  readChunk: number,
): Promise<number> {
  const total = await remoteSize(link, path, ctx.signal);
  ctx.onTotal(total);
  if (ctx.startAt > total) throw new FtpError('INVALID_ARGUMENT', `startAt ${ctx.startAt} is beyond the end of ${path} (${total} bytes)`);
  const local = `${drive}:cftp.dl`;
  // QFTPGET to a file does not say whether it overwrites; start clean.
  await deleteModuleFile(link, local);
  try {
    const expected = total - ctx.startAt;
    const { fields, response } = await runFtp(link, {
      name: 'QFTPGET',
      text: commands.getToFile(path, local, ctx.startAt),
      signal: ctx.signal,
      // rsptimeout bounds the gap between packets, not the whole file (AN §2.1 c): allow ≥ 1 kB/s on top.
      timeoutMs: link.opTimeoutMs + expected,
    });
    const stored = Number(fields[1]);
    if (stored !== expected) throw new FtpError('PROTOCOL', `${response.command}: module stored ${stored} bytes, expected ${expected}`);
    await crossCheckLength(link, stored, stored);
    return await readModuleFile(link, local, stored, { sink, chunk: readChunk, signal: ctx.signal, onBytes: ctx.onBytes });
  } finally {
    await deleteModuleFile(link, local).catch(() => undefined);
  }
}

function annotate(error: unknown, note: string): unknown {
  if (error instanceof FtpError) error.message = `${error.message} (${note})`;
  return error;
}
