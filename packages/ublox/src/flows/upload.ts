import { abortedError, delay, exactChunks, FtpError, readWhole, type ByteSource, type UploadContext } from '@cellftp/core';
import { commands } from '../commands.js';
import { TIMINGS } from '../rules.js';
import { annotate, fetchAllowanceMs, removeStaged } from './download.js';
import type { UbloxLink } from './link.js';
import type { ModuleFs } from './module-fs.js';

const ENCODER = new TextEncoder();

/** What every upload flow is given: where the server writes from (0, or the remote size for `appendFrom`). */
export interface UploadJob {
  readonly path: string;
  readonly offset: number;
  readonly ctx: UploadContext;
}

/**
 * The host's write completes when a buffer took the bytes, not when the
 * module got them: the silence before `+++` is counted from when the last byte
 * left the line at `baudRate` (8N1, 10 bits a byte), plus the documented 2 s.
 */
export function quietBeforeEscapeMs(sent: number, elapsedMs: number, baudRate: number): number {
  const lineMs = (sent * 10 * 1000) / baudRate;
  return TIMINGS.storeQuietMs + Math.max(0, lineMs - elapsedMs);
}

/**
 * Strategy `direct` (SARA-R5, digest §7): `AT+UFTPC=7,"<file>"[,<offset>]`,
 * `CONNECT`, the raw bytes, ≥ 2 s of silence after the last one left the line
 * ({@link quietBeforeEscapeMs}), `+++`, then `DISCONNECT`, `OK`,
 * `+UUFTPCR: 7,1`. The end of the data is framed only by the escape. An abort
 * stops the data and escapes the same way (the server keeps what was sent, as
 * after any interrupted STOR).
 */
export async function uploadDirect(link: UbloxLink, job: UploadJob, source: ByteSource, baudRate: number): Promise<number> {
  const { path, offset, ctx } = job;
  const operation = commands.putDirect(path, offset);
  const { scheduler } = link.engine;
  let sent = 0;
  async function* stream(): AsyncGenerator<Uint8Array> {
    const connectAt = scheduler.now();
    for (;;) {
      if (ctx.signal?.aborted) break;
      const chunk = await source.read(TIMINGS.feedChunkBytes);
      if (chunk.length === 0) break;
      yield chunk;
      // The engine asks for the next chunk once this one is written.
      sent += chunk.length;
      ctx.onBytes(chunk.length);
    }
    await delay(scheduler, quietBeforeEscapeMs(sent, scheduler.now() - connectAt, baudRate));
    yield ENCODER.encode('+++');
  }
  try {
    // No signal to the engine: an abort ends the data from the generator, so the module's answer is read.
    await link.action(operation, {
      // Nothing moves during the silence before +++: it is added to the caller's timeout.
      timeoutMs: link.runner.timeoutMs + quietBeforeEscapeMs(source.size ?? 0, 0, baudRate),
      command: { outgoing: { on: 'CONNECT', data: stream }, claims: ['DISCONNECT'] },
    });
  } catch (error) {
    if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, sent, link.engine.secrets.redact(operation.text), error);
    throw annotate(error, `upload of ${path} stopped after ${sent} bytes were written; check the remote size before resuming`);
  }
  if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, sent, link.engine.secrets.redact(operation.text));
  return sent;
}

/**
 * Strategy `fs` (digest §7): the bytes go to the module's flash with
 * `AT+UDWNFILE` (the file removed first, it would append), then
 * `AT+UFTPC=5,"<local>","<remote>"[,<offset>]` stores them, then the staged
 * file is removed, also after a failure or an abort. An append costs the
 * remote size in placeholder bytes on the serial line (see below). `AT+UDWNFILE` needs the
 * size up front: a stream of unknown size is gathered first. The staging
 * write cannot be cut short (the module waits for every announced byte), so
 * an abort takes effect before the store.
 */
export async function uploadStaged(link: UbloxLink, fs: ModuleFs, local: string, job: UploadJob, source: ByteSource): Promise<number> {
  const { path, offset, ctx } = job;
  const whole = source.size === undefined ? await readWhole(source, TIMINGS.feedChunkBytes) : undefined;
  const size = whole?.length ?? (source.size as number);
  if (size === 0) throw new FtpError('UNSUPPORTED', `upload of ${path}: an empty file cannot be staged (AT+UDWNFILE takes 1 byte or more)`);
  // <number_of_byte> is "the number of bytes already sent to the server" (R4-MAN R16 §21 +UFTPC): the module sends
  // the staged file from that offset, so an append stages placeholders for the bytes the server has.
  const staged = offset + size;
  await fs.ensureRoom(staged, `upload of ${path}`, ctx.signal);
  const store = commands.putFromFs(local, path, offset);
  let written = 0;
  let failure: unknown;
  try {
    await fs.write(local, staged, () => feed(offset, whole, source, size, (n) => {
      written += n;
      ctx.onBytes(n);
    }));
    if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, 0, link.engine.secrets.redact(store.text));
    await link.action(store, { signal: ctx.signal, timeoutMs: link.runner.timeoutMs + fetchAllowanceMs(size) });
    return size;
  } catch (error) {
    failure = error;
    if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, 0, link.engine.secrets.redact(store.text), error);
    throw annotate(error, `upload of ${path} failed after ${written} bytes were staged on the module; nothing reached the server unless AT+UFTPC=5 ran`);
  } finally {
    await removeStaged(fs, local, failure);
  }
}

/** `skip` placeholder bytes the module will not send, then the source's `size` bytes. */
async function* feed(skip: number, whole: Uint8Array | undefined, source: ByteSource, size: number, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  for (let at = 0; at < skip; at += TIMINGS.feedChunkBytes) yield new Uint8Array(Math.min(TIMINGS.feedChunkBytes, skip - at));
  yield* exactChunks(whole, source, size, TIMINGS.feedChunkBytes, (chunk) => onBytes(chunk.length));
}
