import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { UploadSource } from '../session/types.js';

/**
 * A pull-based byte source: drivers ask for exactly the chunk size the module
 * accepts next (SIMCom's announced `<maxlength>`, Quectel's `<uploadlen>`), so
 * nothing is read from disk before the modem can take it.
 */
export interface ByteSource {
  /** Total bytes when known up front (buffers and files). */
  readonly size: number | undefined;
  /** Up to `max` bytes; fewer only at the end; an empty array once exhausted. */
  read(max: number): Promise<Uint8Array>;
  /** Releases the underlying file or stream. Idempotent. */
  close(): Promise<void>;
}

/** Opens a local path, `Readable` or byte array as a {@link ByteSource}. */
export async function openSource(source: UploadSource): Promise<ByteSource> {
  if (source instanceof Uint8Array) return bufferSource(source);
  if (typeof source === 'string') {
    const info = await stat(source);
    return streamSource(createReadStream(source, { highWaterMark: 64 * 1024 }), info.size);
  }
  return streamSource(source, undefined);
}

function bufferSource(bytes: Uint8Array): ByteSource {
  let offset = 0;
  return {
    size: bytes.length,
    read(max) {
      const chunk = bytes.subarray(offset, offset + max);
      offset += chunk.length;
      return Promise.resolve(chunk);
    },
    close: () => Promise.resolve(),
  };
}

function streamSource(stream: Readable, size: number | undefined): ByteSource {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let held: Uint8Array = new Uint8Array(0);
  let ended = false;
  return {
    size,
    async read(max) {
      const parts: Uint8Array[] = [];
      let have = 0;
      while (have < max) {
        if (held.length === 0) {
          if (ended) break;
          const next = await iterator.next();
          if (next.done) {
            ended = true;
            break;
          }
          held = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
          continue;
        }
        const take = held.subarray(0, max - have);
        held = held.subarray(take.length);
        parts.push(take);
        have += take.length;
      }
      return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, have);
    },
    async close() {
      ended = true;
      await iterator.return?.();
      stream.destroy();
    },
  };
}
