import { abortedError, escapeEtxSub, FtpError, SUB_END, type ByteSource, type OperationRunner, type UploadContext } from '@cellftp/core';
import { commands } from '../commands.js';
import { CFTPS_TIMINGS } from '../rules.js';
import { annotate } from './download.js';

/** Where an upload starts: 0, or the remote size for `appendFrom` (a missing file is empty). */
export async function appendBase(size: (path: string) => Promise<number>, path: string, ctx: UploadContext): Promise<number> {
  if (!ctx.append) return 0;
  try {
    return await size(path);
  } catch (error) {
    if (error instanceof FtpError && error.code === 'NOT_FOUND') return 0;
    throw error;
  }
}

const PROMPTS = ['>', '> '];

/**
 * Default strategy `stream` (digest §7.1): `AT+CFTPSPUT="<file>"` (append:
 * `,0,<rest_size>`), `>`, the payload with 0x03 and 0x1A escaped by a 0x03,
 * a bare 0x1A, then `OK` and `+CFTPSPUT: <err>`. One STOR, one data
 * connection, any size. The protocol confirms nothing per chunk: progress
 * counts what the port took. An abort ends the stream with the bare 0x1A
 * (the remote file keeps what was sent, as after any interrupted STOR).
 */
export async function uploadStream(runner: OperationRunner, path: string, source: ByteSource, ctx: UploadContext, rest: number): Promise<number> {
  const operation = commands.putStream(path, rest);
  const label = runner.engine.secrets.redact(operation.text);
  let sent = 0;
  async function* stream(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (ctx.signal?.aborted) break;
      const chunk = await source.read(CFTPS_TIMINGS.streamChunkBytes);
      if (chunk.length === 0) break;
      yield escapeEtxSub(chunk);
      // The engine asks for the next chunk once this one is written.
      sent += chunk.length;
      ctx.onBytes(chunk.length);
    }
    yield SUB_END;
  }
  try {
    // No signal to the engine: an abort ends the stream from the generator, so the module's answer is read.
    await runner.run({ ...operation, retryBusy: false, command: { outgoing: { on: 'prompt', prompts: PROMPTS, data: stream } } });
  } catch (error) {
    if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, sent, label, error);
    throw annotate(error, `upload of ${path} stopped after ${sent} bytes were written; check the remote size before resuming`);
  }
  if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, sent, label);
  return sent;
}

/**
 * Strategy `block` (digest §7.1): `AT+CFTPSPUT="<file>",<n>[,<rest_size>]`
 * with `<n>` ≤ 2048, `>`, exactly `<n>` raw bytes (no escaping), `OK`,
 * `+CFTPSPUT: 0`. Each block is a STOR of its own; blocks after the first
 * carry REST with the bytes already stored, so it needs a server that
 * honours REST before STOR. An empty file goes as an empty stream.
 */
export async function uploadBlocks(runner: OperationRunner, path: string, source: ByteSource, ctx: UploadContext, rest: number): Promise<number> {
  let position = rest;
  let block = await source.read(CFTPS_TIMINGS.blockBytes);
  if (block.length === 0) return ctx.append ? 0 : uploadStream(runner, path, source, ctx, 0);
  while (block.length > 0) {
    const bytes = block;
    const operation = commands.putBlock(path, bytes.length, position);
    try {
      await runner.run({ ...operation, command: { outgoing: { on: 'prompt', prompts: PROMPTS, data: () => bytes } } });
    } catch (error) {
      throw annotate(error, `upload of ${path} stopped at byte ${position}; resume with appendFrom`);
    }
    position += bytes.length;
    ctx.onBytes(bytes.length);
    if (ctx.signal?.aborted) throw abortedError(`upload of ${path}`, position - rest, runner.engine.secrets.redact(operation.text));
    block = await source.read(CFTPS_TIMINGS.blockBytes);
  }
  return position - rest;
}
