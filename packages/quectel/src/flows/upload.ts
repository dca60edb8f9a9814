import { abortedError, delay, escapeSequence, exactChunks, FtpError, readWhole, type ByteSource, type OperationRunner, type UploadContext } from '@cellftp/core';
import { commands } from '../commands.js';
import { firmwareRefused, refreshState, TIMINGS } from '../vendor.js';
import { ChunkSizer, type ChunkPolicy } from './chunking.js';
import { deleteModuleFile, uploadModuleFile, XorChecksum } from './module-file.js';
import { annotate, crossCheckLength, remoteSize } from './transfer-common.js';

/** Where an upload starts: 0, or the remote size for `appendFrom` (a missing file is empty). */
async function startPosition(runner: OperationRunner, path: string, ctx: UploadContext): Promise<number> {
  if (!ctx.append) return 0;
  try {
    return await remoteSize(runner, path, ctx.signal);
  } catch (error) {
    if (error instanceof FtpError && error.code === 'NOT_FOUND') return 0;
    throw error;
  }
}

/**
 * Default strategy `com` (AN §2.5, B.9 #2): `AT+QFTPPUT=<file>,"COM:",<startpos>,<uploadlen>,<beof>`
 * per chunk. The module leaves data mode by itself after `<uploadlen>`
 * bytes, so no `+++` and no guessing; `<beof>` 0 keeps the data connection
 * open for the next chunk, 1 ends the file. The driver reads one chunk
 * ahead so the last chunk is known to be last.
 */
export async function uploadRanged(runner: OperationRunner, path: string, source: ByteSource, ctx: UploadContext, policy: ChunkPolicy): Promise<number> {
  const base = await startPosition(runner, path, ctx);
  const sizer = new ChunkSizer(policy);
  let position = base;
  let current = await source.read(sizer.size);
  if (current.length === 0) {
    if (ctx.append) return 0;
    await uploadEmpty(runner, path, ctx.signal);
    return 0;
  }
  let last = 0;
  while (current.length > 0) {
    const next = await source.read(sizer.size);
    const final = next.length === 0;
    const chunk = current;
    const started = runner.engine.scheduler.now();
    await putChunk(runner, path, position, chunk, final, position === base);
    sizer.record(chunk.length, runner.engine.scheduler.now() - started);
    ctx.onBytes(chunk.length);
    position += chunk.length;
    last = chunk.length;
    if (!final && ctx.signal?.aborted) {
      // The data connection is still open (<beof> 0) and the module answers 603 to
      // everything else until it is closed. Closing it with one more byte of the
      // source leaves a true prefix of the source on the server and the session usable.
      await putChunk(runner, path, position, next.subarray(0, 1), true, false);
      ctx.onBytes(1);
      throw abortedError(`upload of ${path}`, position + 1 - base);
    }
    current = next;
  }
  await crossCheckLength(runner, last, position - base);
  return position - base;
}

async function putChunk(runner: OperationRunner, path: string, position: number, chunk: Uint8Array, final: boolean, first: boolean): Promise<void> {
  try {
    const { values, response } = await runner.run({
      ...commands.putRange(path, position, chunk.length, final),
      command: { outgoing: { on: 'CONNECT', data: () => chunk } },
      // Only the first chunk may meet the 603 trap; later ones ride an open data connection.
      retryBusy: first,
    });
    const confirmed = Number(values[0]);
    if (confirmed !== chunk.length) {
      throw new FtpError('PROTOCOL', `${response.command}: module confirmed ${confirmed} of ${chunk.length} bytes`);
    }
  } catch (error) {
    // A firmware without "COM:" ranges: the next strategy takes over.
    if (first && firmwareRefused(error)) throw error;
    // The runner has asked the module already after a timeout; a silent module must not cost a second wait.
    if (!runner.session.closed && !(error instanceof FtpError && error.code === 'TIMEOUT')) await refreshState(runner);
    throw annotate(error, `upload of ${path} stopped at byte ${position}; check the remote size before resuming`);
  }
}

/**
 * An empty file: `<uploadlen>` must be ≥ 1, so this is the one place the
 * documented `+++` ending is used (AN §2.5 example, §1.4 guard times).
 */
async function uploadEmpty(runner: OperationRunner, path: string, signal?: AbortSignal): Promise<void> {
  const put = commands.putFromFile(path, 'COM:', 0);
  const result = runner.engine.urcQueue(put.result.any);
  try {
    await runner.engine.run(
      { text: put.text, timeoutMs: runner.timeoutMs, successFinals: ['CONNECT'], errorFinals: [put.result.failed] },
      signal ? { signal } : {},
    );
    // The guard silence is counted from entering data mode on the module's side too: wait it out
    // after CONNECT before the escape's own guard (AN §1.4: ≥ 1 s of silence before `+++`).
    await delay(runner.engine.scheduler, TIMINGS.guardMs, signal);
    await runner.engine.run(escapeSequence(TIMINGS.guardMs));
    const line = await result.next({ timeoutMs: runner.timeoutMs, signal, label: 'AT+QFTPPUT (empty file)' });
    if (put.result.failed.test(line)) throw runner.failure(put, line, put.text);
  } finally {
    result.close();
  }
}

/**
 * Strategy `ufs` / `ram` (AN §2.5 solutions 2–3): `AT+QFUPL` the data into a
 * module file (size and XOR checksum checked), `AT+QFTPPUT` from it, delete it.
 * `appendFrom` goes through `com`: for a local file `<startpos>` is both the
 * offset in the local file and the REST offset on the server.
 */
export async function uploadViaModuleFile(
  runner: OperationRunner,
  path: string,
  source: ByteSource,
  ctx: UploadContext,
  local: string,
  policy: ChunkPolicy,
): Promise<number> {
  if (ctx.append) return uploadRanged(runner, path, source, ctx, policy);
  // QFUPL needs the size up front; a stream of unknown size is gathered first.
  const whole = source.size === undefined ? await readWhole(source, TIMINGS.readChunkBytes) : undefined;
  const size = whole?.length ?? (source.size as number);
  const sum = new XorChecksum();
  // QFUPL does not overwrite (+CME ERROR: 407, VENDOR-FACTS §B.4): delete first.
  await deleteModuleFile(runner, local);
  try {
    await uploadModuleFile(runner, local, size, () => exactChunks(whole, source, size, TIMINGS.feedChunkBytes, (chunk) => (sum.update(chunk), ctx.onBytes(chunk.length))), () => sum.value, ctx.signal);
    const { values, response } = await runner.run({ ...commands.putFromFile(path, local, 0), signal: ctx.signal, timeoutMs: runner.timeoutMs + size });
    if (Number(values[0]) !== size) throw new FtpError('PROTOCOL', `${response.command}: module sent ${values[0]} of ${size} bytes`);
    await crossCheckLength(runner, size, size);
    return size;
  } finally {
    await deleteModuleFile(runner, local).catch(() => undefined);
  }
}

