import { FtpError } from '../errors/ftp-error.js';
import type { ByteSource } from '../transfer/source.js';

/**
 * The whole of a source, for a module that must be told an upload's length
 * before the first byte (Quectel `AT+QFUPL`, u-blox `AT+UDWNFILE`) when the
 * source is a stream of unknown size.
 */
export async function readWhole(source: ByteSource, chunkBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const chunk = await source.read(chunkBytes);
    if (chunk.length === 0) return Buffer.concat(parts);
    parts.push(chunk);
  }
}

/**
 * Exactly `size` bytes, from `whole` when the source was gathered by
 * {@link readWhole}, else read from `source`, in chunks of at most
 * `chunkBytes`. A source that ends early is `INVALID_ARGUMENT`: the module was
 * promised `size` bytes and would wait for the rest. `afterChunk` runs once the
 * consumer took each chunk, so progress counts bytes handed on, not read.
 */
export async function* exactChunks(
  whole: Uint8Array | undefined,
  source: ByteSource,
  size: number,
  chunkBytes: number,
  afterChunk: (chunk: Uint8Array) => void,
): AsyncIterable<Uint8Array> {
  let sent = 0;
  while (sent < size) {
    const piece = Math.min(chunkBytes, size - sent);
    const chunk = whole ? whole.subarray(sent, sent + piece) : await source.read(piece);
    if (chunk.length === 0) throw new FtpError('INVALID_ARGUMENT', `upload source ended after ${sent} of ${size} bytes`);
    sent += chunk.length;
    yield chunk;
    afterChunk(chunk);
  }
}
