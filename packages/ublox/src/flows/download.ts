import type { Subscription } from 'rxjs';
import { abortedError, countingSink, delay, FtpError, knownLengthAfter, type DownloadContext, type PayloadSink } from '@cellftp/core';
import { commands } from '../commands.js';
import { TIMINGS } from '../rules.js';
import type { UbloxLink } from './link.js';
import type { ModuleFs } from './module-fs.js';

const ENCODER = new TextEncoder();

/** Adds where a failed transfer stopped, so `startAt` resumes at the right byte. */
export function annotate(error: unknown, note: string): unknown {
  if (error instanceof FtpError && !error.message.includes(note)) error.message = `${error.message} (${note})`;
  return error;
}

/** Silence inside a direct-link stream after which the host escapes: a quarter of the caller's timeout, so the answer fits in it. */
export const stallAfterMs = (timeoutMs: number): number => Math.max(250, Math.floor(timeoutMs / 4));

/**
 * Time on top of the caller's timeout for the module's own transfer of
 * `bytes`, while nothing moves on the serial line: 20 kB/s, the caller's
 * timeout (default 90 s) covering slower links.
 */
export const fetchAllowanceMs = (bytes: number): number => Math.ceil(bytes / 20);

/** What every download flow is given: the remote size from the LIST line (the module has no SIZE, digest §4). */
export interface DownloadJob {
  readonly path: string;
  readonly total: number;
  readonly ctx: DownloadContext;
}

/**
 * Strategy `fs` (digest §5.1): the module fetches the whole file into its
 * flash (`AT+UFTPC=4`, `+UUFTPCR: 4,1`), the host reads it with
 * `AT+URDBLOCK` from `startAt` (op 4 has no arbitrary offset, §6) and removes
 * it, also after a failure or an abort. The free space is checked first,
 * before anything is fetched. The fetch itself cannot be stopped (no abort op
 * is documented), so an abort takes effect when it has ended.
 */
export async function downloadStaged(link: UbloxLink, fs: ModuleFs, local: string, job: DownloadJob, sink: PayloadSink): Promise<number> {
  const { path, total, ctx } = job;
  const counted = countingSink(sink);
  const fetch = commands.getToFs(path, local);
  await fs.ensureRoom(total, `download of ${path}`, ctx.signal);
  await fs.remove(local);
  let failure: unknown;
  try {
    // The module answers +UUFTPCR only when the whole file is in flash: nothing moves on the line meanwhile.
    await link.action(fetch, { timeoutMs: link.runner.timeoutMs + fetchAllowanceMs(total) });
    if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, 0, link.engine.secrets.redact(fetch.text), undefined, ctx.startAt);
    const stored = await fs.size(local);
    if (stored !== total) throw new FtpError('PROTOCOL', `${fetch.text}: the module stored ${stored} bytes, the listing shows ${total} (did the file change?)`, { command: fetch.text });
    const moved = await fs.read(local, ctx.startAt, stored, counted.sink, ctx.signal);
    if (moved !== total - ctx.startAt) throw new FtpError('PROTOCOL', `download of ${path}: ${moved} bytes read back from the module, ${total - ctx.startAt} expected`);
    return moved;
  } catch (error) {
    failure = error;
    if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, counted.bytes, undefined, error, ctx.startAt);
    throw annotate(error, `download of ${path} stopped at byte ${ctx.startAt + counted.bytes}; resume with startAt: ${ctx.startAt + counted.bytes}`);
  } finally {
    await removeStaged(fs, local, failure);
  }
}

/**
 * The staged file is removed after every transfer, also a failed or aborted
 * one. Not after a timeout: a module that does not answer cannot remove it,
 * and waiting for that would double the failure's time; every staging removes
 * the file first anyway.
 */
export async function removeStaged(fs: ModuleFs, local: string, failure: unknown): Promise<void> {
  if (failure instanceof FtpError && failure.code === 'TIMEOUT') return;
  await fs.remove(local).catch(() => undefined);
}

/**
 * Strategy `direct` (SARA-R5, digest §5.2): `AT+UFTPC=6,"<file>"[,<offset>]`,
 * `CONNECT`, the raw bytes without framing: exactly the size the LIST line
 * gave is read, then the host sends `+++` after the S12 guard, the module
 * answers `DISCONNECT`, `OK`, `+UUFTPCR: 6,1`. A firmware that leaves direct
 * link by itself at the end of the file (R4-MAN §20.2.3) is tolerated: no
 * `+++` is written once it did. An abort mid-stream escapes with `+++`.
 */
export async function downloadDirect(link: UbloxLink, job: DownloadJob, sink: PayloadSink): Promise<number> {
  const { path, total, ctx } = job;
  const length = total - ctx.startAt;
  const operation = commands.getDirect(path, ctx.startAt);
  const { scheduler } = link.engine;
  const counted = countingSink(sink);
  let left = false;
  let connectAt = 0;
  let arrived: () => void = () => undefined;
  const received = new Promise<void>((resolve) => (arrived = resolve));
  const onAbort = (): void => arrived();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const label = link.engine.secrets.redact(operation.text);
  // A broken data connection leaves the module in direct link, silent (IADG §9.1.1: it never leaves by itself):
  // after a stall the host escapes, and the module's verdict (+UUFTPCR: 6,0, then AT+UFTPER) is the error.
  const stall = new AbortController();
  let stallTimer: Subscription | undefined;
  const watch = (): void => {
    stallTimer?.unsubscribe();
    if (counted.bytes >= length) return;
    stallTimer = scheduler.schedule(() => {
      stall.abort(new FtpError('DATA_CONNECTION', `${label}: the data stopped after ${ctx.startAt + counted.bytes} of ${total} bytes`, { command: label }));
    }, stallAfterMs(link.runner.timeoutMs));
  };
  const kept = (chunk: Uint8Array): void | Promise<void> => {
    const result = counted.sink(chunk);
    if (counted.bytes >= length) arrived();
    watch();
    return result;
  };
  async function* escape(): AsyncGenerator<Uint8Array> {
    connectAt = scheduler.now();
    watch();
    if (length === 0) arrived();
    await received;
    if (ctx.signal?.aborted) return;
    // The host has been silent since the command: only what is missing of the S12 guard is waited.
    await delay(scheduler, TIMINGS.guardMs - (scheduler.now() - connectAt));
    if (!left) yield ENCODER.encode('+++');
  }
  try {
    await link.action(operation, {
      signal: ctx.signal,
      internal: stall.signal,
      // The clock restarts with every byte; on top, the module's S12 guard before it answers a stall's +++.
      // IADG §9.1.1 says that answer may take 10 s, which the default operation timeout (90 s) covers.
      timeoutMs: link.runner.timeoutMs + TIMINGS.guardMs,
      command: {
        incoming: {
          dataAfter: knownLengthAfter('CONNECT', length),
          sink: kept,
          maxLength: Math.max(length, 1),
          // An escape (abort) or a module leaving early ends the stream short of its length with the answer inside it.
          trailer: { ...TIMINGS.directTrailer, error: (line) => link.runner.failure(operation, line, link.engine.secrets.redact(operation.text)) },
        },
        outgoing: { on: 'CONNECT', data: escape },
        claims: [(line) => line === 'DISCONNECT' && (left = true)],
        abort: { escape: { bytes: '+++', guardMs: TIMINGS.guardMs } },
      },
    });
  } catch (error) {
    if (ctx.signal?.aborted) throw abortedError(`download of ${path}`, counted.bytes, label, error, ctx.startAt);
    const failure = stall.signal.aborted && error instanceof FtpError ? await link.explain(label, error) : error;
    throw annotate(failure, `download of ${path} stopped at byte ${ctx.startAt + counted.bytes}; resume with startAt: ${ctx.startAt + counted.bytes}`);
  } finally {
    stallTimer?.unsubscribe();
    ctx.signal?.removeEventListener('abort', onAbort);
    arrived();
  }
  if (counted.bytes !== length) {
    throw new FtpError('PROTOCOL', `download of ${path}: ${counted.bytes} bytes arrived, the listing shows ${length} from byte ${ctx.startAt} (did the file change?)`);
  }
  return length;
}
