import { abortedError, countingSink, FtpError, knownLengthAfter, type DownloadContext, type OperationRunner, type PayloadSink } from '@cellftp/core';
import { commands } from '../commands.js';
import { firmwareRefused, refreshState, TIMINGS } from '../vendor.js';
import { deleteModuleFile, readModuleFile } from './module-file.js';
import { annotate, crossCheckLength, remoteSize } from './transfer-common.js';

/** Learns the size and checks `startAt` against it. */
async function sizeFor(runner: OperationRunner, path: string, ctx: DownloadContext): Promise<number> {
  const total = await remoteSize(runner, path, ctx.signal);
  ctx.onTotal(total);
  if (ctx.startAt > total) throw new FtpError('INVALID_ARGUMENT', `startAt ${ctx.startAt} is beyond the end of ${path} (${total} bytes)`);
  return total;
}

/**
 * Default strategy `com` (B.9 #3, AN §2.6 `<downloadlen>`): learn the size,
 * then `AT+QFTPGET=<file>,"COM:",<startpos>,<len>` ranges, each read as
 * exactly `<len>` bytes after `CONNECT`, then `OK`, then `+QFTPGET: 0,<len>`.
 * Nothing is ever ended by looking for `OK` in the data. The range's facts
 * (`TIMINGS.range`) let the engine recognise a broken data connection's
 * trailer inside the range, and leave a range the caller aborts with `+++`.
 */
export async function downloadRanged(
  runner: OperationRunner,
  path: string,
  sink: PayloadSink,
  ctx: DownloadContext,
  rangeBytes: number = TIMINGS.downloadRangeBytes,
): Promise<number> {
  const total = await sizeFor(runner, path, ctx);
  let position = ctx.startAt;
  let last = 0;
  let retries = 0;
  while (position < total) {
    if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, position - ctx.startAt, undefined, undefined, ctx.startAt);
    const length = Math.min(rangeBytes, total - position);
    const operation = commands.getRange(path, position, length);
    const label = runner.engine.secrets.redact(operation.text);
    const counted = countingSink(sink);
    try {
      const { values, response } = await runner.run({
        ...operation,
        signal: ctx.signal,
        command: {
          incoming: {
            dataAfter: knownLengthAfter('CONNECT', length),
            sink: counted.sink,
            maxLength: length,
            trailer: { ...TIMINGS.range.trailer, error: (line) => runner.failure(operation, line, label) },
          },
          abort: TIMINGS.range.abort,
        },
      });
      const moved = Number(values[0]);
      if (moved !== length || response.payloadBytes !== length) {
        throw new FtpError('PROTOCOL', `${response.command}: module reports ${moved} bytes, ${response.payloadBytes} arrived, ${length} asked (did the file change?)`);
      }
    } catch (error) {
      // A firmware without "COM:" ranges: nothing moved, the next strategy takes over.
      if (firmwareRefused(error) && counted.bytes === 0 && position === ctx.startAt) throw error;
      position += counted.bytes;
      // The runner has asked the module already after a timeout; a silent module must not cost a second wait.
      if (!runner.session.closed && !(error instanceof FtpError && error.code === 'TIMEOUT')) await refreshState(runner);
      if (error instanceof FtpError && error.code === 'ABORTED') throw abortedError(`download of ${path}`, position - ctx.startAt, label, error, ctx.startAt);
      // `+QFTPGET: 627,150` (EC25/EP06 field reports): the server had answered 150 and the data connection then
      // failed on a flaky path, so the range is asked again from where it stopped, a few times.
      if (dataPathHiccup(error) && retries < TIMINGS.dataRetries && !runner.session.closed && !ctx.signal?.aborted) {
        retries++;
        continue;
      }
      throw annotate(error, `download of ${path} stopped at byte ${position}; resume with startAt: ${position}`);
    }
    position += length;
    last = length;
    retries = 0;
  }
  if (last > 0) await crossCheckLength(runner, last, position - ctx.startAt);
  return position - ctx.startAt;
}

/**
 * Strategy `ufs` / `ram` (B.9 #4, AN §2.6 with a local name): the module
 * downloads into its own file (`local`, named as the profile names it), then the driver reads it out with
 * `AT+QFREAD` (`CONNECT <n>` length-framed) and deletes it.
 */
export async function downloadViaModuleFile(
  runner: OperationRunner,
  path: string,
  sink: PayloadSink,
  ctx: DownloadContext,
  local: string,
): Promise<number> {
  const total = await sizeFor(runner, path, ctx);
  // QFTPGET to a file does not say whether it overwrites; start clean.
  await deleteModuleFile(runner, local);
  try {
    const expected = total - ctx.startAt;
    const { values, response } = await runner.run({
      ...commands.getToFile(path, local, ctx.startAt),
      signal: ctx.signal,
      // rsptimeout bounds the gap between packets, not the whole file (AN §2.1 c): allow ≥ 1 kB/s on top.
      timeoutMs: runner.timeoutMs + expected,
    });
    const stored = Number(values[0]);
    if (stored !== expected) throw new FtpError('PROTOCOL', `${response.command}: module stored ${stored} bytes, expected ${expected}`);
    await crossCheckLength(runner, stored, stored);
    return await readModuleFile(runner, local, stored, sink, ctx.signal);
  } finally {
    await deleteModuleFile(runner, local).catch(() => undefined);
  }
}

/** A failure after the server's preliminary reply (125/150): the data connection failed, not the request. */
function dataPathHiccup(error: unknown): boolean {
  return error instanceof FtpError && error.code === 'DATA_CONNECTION' && error.serverReply !== undefined && error.serverReply < 200;
}
