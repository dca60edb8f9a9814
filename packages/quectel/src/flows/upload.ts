import { escapeSequence, FtpError, type ByteSource, type UploadContext } from '@cellftp/core';
import { commands, urc } from '../commands.js';
import { ChunkSizer, type ChunkPolicy } from './chunking.js';
import { deleteModuleFile, uploadModuleFile, XorChecksum } from './module-file.js';
import { delay, failureFromLine, refreshState, runFtp, type Link } from './runner.js';
import { abortedAfter, crossCheckLength, remoteSize } from './transfer-common.js';

/** Where an upload starts: 0, or the remote size for `appendFrom` (a missing file is empty). */
async function startPosition(link: Link, path: string, ctx: UploadContext): Promise<number> {
  if (!ctx.append) return 0;
  try {
    return await remoteSize(link, path, ctx.signal);
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
export async function uploadRanged(link: Link, path: string, source: ByteSource, ctx: UploadContext, policy: ChunkPolicy): Promise<number> {
  const base = await startPosition(link, path, ctx);
  const sizer = new ChunkSizer(policy);
  let position = base;
  let current = await source.read(sizer.size);
  if (current.length === 0) {
    if (ctx.append) return 0;
    await uploadEmpty(link, path, ctx.signal);
    return 0;
  }
  let last = 0;
  while (current.length > 0) {
    const next = await source.read(sizer.size);
    const final = next.length === 0;
    const chunk = current;
    const started = link.engine.scheduler.now();
    await putChunk(link, path, position, chunk, final, position === base);
    sizer.record(chunk.length, link.engine.scheduler.now() - started);
    ctx.onBytes(chunk.length);
    position += chunk.length;
    last = chunk.length;
    if (!final && ctx.signal?.aborted) {
      // The data connection is still open (<beof> 0) and the module answers 603 to
      // everything else until it is closed. Closing it with one more byte of the
      // source leaves a true prefix of the source on the server and the session usable.
      await putChunk(link, path, position, next.subarray(0, 1), true, false);
      ctx.onBytes(1);
      throw abortedAfter(`upload of ${path}`, position + 1 - base);
    }
    current = next;
  }
  await crossCheckLength(link, last, position - base);
  return position - base;
}

async function putChunk(link: Link, path: string, position: number, chunk: Uint8Array, final: boolean, first: boolean): Promise<void> {
  try {
    const { fields, response } = await runFtp(link, {
      name: 'QFTPPUT',
      text: commands.putRange(path, position, chunk.length, final),
      outgoing: { on: 'CONNECT', data: () => chunk },
      // Only the first chunk may meet the 603 trap; later ones ride an open data connection.
      retryBusy: first,
    });
    const confirmed = Number(fields[1]);
    if (confirmed !== chunk.length) {
      throw new FtpError('PROTOCOL', `${response.command}: module confirmed ${confirmed} of ${chunk.length} bytes`);
    }
  } catch (error) {
    // runFtp has asked the module already after a timeout; a silent module must not cost a second wait.
    if (!link.closed && !(error instanceof FtpError && error.code === 'TIMEOUT')) await refreshState(link);
    if (error instanceof FtpError) error.message = `${error.message} (upload of ${path} stopped at byte ${position}; check the remote size before resuming)`;
    throw error;
  }
}

/**
 * An empty file: `<uploadlen>` must be ≥ 1, so this is the one place the
 * documented `+++` ending is used (AN §2.5 example, §1.4 guard times).
 */
async function uploadEmpty(link: Link, path: string, signal?: AbortSignal): Promise<void> {
  const result = link.engine.urcQueue(urc.any('QFTPPUT'));
  try {
    await link.engine.run(
      { text: commands.putFromFile(path, 'COM:', 0), timeoutMs: link.opTimeoutMs, successFinals: ['CONNECT'], errorFinals: [urc.failed('QFTPPUT')] },
      { signal },
    );
    // The guard silence is counted from entering data mode on the module's side too: wait it out
    // after CONNECT before the escape's own guard (AN §1.4: ≥ 1 s of silence before `+++`).
    await delay(link.engine, 1000, signal);
    await link.engine.run(escapeSequence(1000));
    const line = await result.next({ timeoutMs: link.opTimeoutMs, signal, label: 'AT+QFTPPUT (empty file)' });
    if (urc.failed('QFTPPUT').test(line)) throw failureFromLine(line, `AT+QFTPPUT="${path}","COM:",0`);
  } finally {
    result.close();
  }
}

/**
 * Strategy `ufs` / `ram` (AN §2.5 solutions 2–3): `AT+QFUPL` the data into a
 * module file (size and XOR checksum checked), `AT+QFTPPUT` from it, delete it.
 * `appendFrom` falls back to `com`: for a local file `<startpos>` is both the
 * offset in the local file and the REST offset on the server.
 */
export async function uploadViaModuleFile(
  link: Link,
  path: string,
  source: ByteSource,
  ctx: UploadContext,
  drive: 'UFS' | 'RAM',
  policy: ChunkPolicy,
): Promise<number> {
  if (ctx.append) return uploadRanged(link, path, source, ctx, policy);
  // QFUPL needs the size up front; a stream of unknown size is gathered first.
  const whole = source.size === undefined ? await readAll(source) : undefined;
  const size = whole?.length ?? (source.size as number);
  if (size === 0) return uploadRanged(link, path, source, ctx, policy);
  const local = `${drive}:cftp.ul`;
  const sum = new XorChecksum();
  // QFUPL does not overwrite (+CME ERROR: 407, VENDOR-FACTS §B.4): delete first.
  await deleteModuleFile(link, local);
  try {
    await uploadModuleFile(link, local, size, () => feed(whole, source, size, sum, ctx.onBytes), () => sum.value, ctx.signal);
    const { fields, response } = await runFtp(link, {
      name: 'QFTPPUT',
      text: commands.putFromFile(path, local, 0),
      signal: ctx.signal,
      timeoutMs: link.opTimeoutMs + size,
    });
    if (Number(fields[1]) !== size) throw new FtpError('PROTOCOL', `${response.command}: module sent ${fields[1]} of ${size} bytes`);
    await crossCheckLength(link, size, size);
    return size;
  } finally {
    await deleteModuleFile(link, local).catch(() => undefined);
  }
}

async function* feed(whole: Uint8Array | undefined, source: ByteSource, size: number, sum: XorChecksum, onBytes: (n: number) => void): AsyncIterable<Uint8Array> {
  let sent = 0;
  while (sent < size) {
    const chunk = whole ? whole.subarray(sent, sent + 16 * 1024) : await source.read(Math.min(16 * 1024, size - sent));
    if (chunk.length === 0) throw new FtpError('INVALID_ARGUMENT', `upload source ended after ${sent} of ${size} bytes`);
    sum.update(chunk);
    sent += chunk.length;
    yield chunk;
    onBytes(chunk.length);
  }
}

async function readAll(source: ByteSource): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const chunk = await source.read(64 * 1024);
    if (chunk.length === 0) return Buffer.concat(parts);
    parts.push(chunk);
  }
}
