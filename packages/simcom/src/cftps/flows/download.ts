import { abortedError, countingSink, delay, FtpError, type DownloadContext, type OperationRunner, type PayloadSink } from '@cellftp/core';
import { CACHE_LEVEL, commands, getFrames, local } from '../commands.js';
import { CFTPS_TIMINGS } from '../rules.js';

/** Adds where a failed transfer stopped, so `startAt` resumes at the right byte. */
export function annotate(error: unknown, note: string): unknown {
  if (error instanceof FtpError) error.message = `${error.message} (${note})`;
  return error;
}

/** Largest `DATA,<len>` frame accepted: ten times the largest any document shows (≈1480). */
const MAX_FRAME = 16 * 1024;

/**
 * Default strategy `frames` (digest §5.1): `AT+CFTPSGET="<file>"[,<rest_size>]`,
 * `OK`, then `+CFTPSGET: DATA,<len>` + exactly `<len>` raw bytes, any number of
 * times, then `+CFTPSGET: 0`. The engine reads each frame by its length
 * (never by looking for text in the data) and pauses the port while the sink
 * applies backpressure. Neither family can stop a running GET without
 * ending the login (SIM7600's ABORT also drops the PDP, Q9; A76xx has none),
 * so an abort lets the file run out on the line, discarding it, and keeps the
 * session usable.
 */
export async function downloadFrames(runner: OperationRunner, path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
  const operation = commands.get(path, ctx.startAt);
  const label = runner.engine.secrets.redact(operation.text);
  const counted = countingSink(sink);
  const kept = (chunk: Uint8Array): void | Promise<void> => (ctx.signal?.aborted ? undefined : counted.sink(chunk));
  try {
    await runner.run({ ...operation, command: { incoming: { dataAfter: getFrames, sink: kept, maxLength: MAX_FRAME } } });
  } catch (error) {
    if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, counted.bytes, label, error, ctx.startAt);
    throw annotate(error, `download of ${path} stopped at byte ${ctx.startAt + counted.bytes}; resume with startAt: ${ctx.startAt + counted.bytes}`);
  }
  if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, counted.bytes, label, undefined, ctx.startAt);
  return counted.bytes;
}

/**
 * Strategy `cache` (SIM7600, S-MAN §12.2.14/§12.2.17): `AT+CFTPSGET=<file>,<rest>,1`
 * keeps the data in the module; the host reads it at its own pace with
 * `AT+CFTPSCACHERD` (≤ 1024 bytes, framed like the stream) after asking
 * `AT+CFTPSCACHERD?` how much waits. The result `+CFTPSGET: <err>` may come
 * between reads; the file is complete when it has come and the cache is empty.
 */
export async function downloadCached(runner: OperationRunner, path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
  const operation = commands.getCached(path, ctx.startAt);
  const label = runner.engine.secrets.redact(operation.text);
  const counted = countingSink(sink);
  let outcome: string | undefined;
  const watch = runner.engine.urc$.subscribe((line) => {
    if (outcome === undefined && operation.result.any.test(line)) outcome = line;
  });
  try {
    await runner.plain({ text: operation.text, timeoutMs: runner.timeoutMs }, ctx.signal);
    let idleSince = runner.engine.scheduler.now();
    for (;;) {
      if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, counted.bytes, label, undefined, ctx.startAt);
      const level = await runner.plain(local(commands.cacheQuery, CFTPS_TIMINGS.localMs, { claims: [CACHE_LEVEL] }), ctx.signal);
      let waiting = Number(CACHE_LEVEL.exec(level.lines[0] ?? '')?.[1] ?? 0);
      if (waiting > 0) {
        // What the module said is waiting is read without asking again: one round trip per read, not two.
        while (waiting > 0 && !ctx.signal?.aborted) {
          const read = await runner.plain(local(commands.cacheRead, CFTPS_TIMINGS.localMs, { incoming: { dataAfter: getFrames, sink: counted.sink, maxLength: MAX_FRAME } }), ctx.signal);
          if (read.payloadBytes === 0) break;
          waiting -= read.payloadBytes;
        }
        idleSince = runner.engine.scheduler.now();
        continue;
      }
      if (outcome !== undefined) break;
      if (runner.engine.scheduler.now() - idleSince > runner.timeoutMs) {
        throw new FtpError('TIMEOUT', `${label}: no data and no result for ${runner.timeoutMs} ms`, { command: label });
      }
      await delay(runner.engine.scheduler, CFTPS_TIMINGS.cachePollMs, ctx.signal);
    }
    if (!operation.result.ok.test(outcome)) throw runner.failure(operation, outcome, label);
    return counted.bytes;
  } catch (error) {
    throw annotate(error, `download of ${path} stopped at byte ${ctx.startAt + counted.bytes}; resume with startAt: ${ctx.startAt + counted.bytes}`);
  } finally {
    watch.unsubscribe();
  }
}
