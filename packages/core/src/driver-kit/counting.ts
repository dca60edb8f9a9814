import type { PayloadSink } from '../engine/command.js';
import type { ByteSource } from '../transfer/source.js';

/** A {@link PayloadSink} that counts what passed through it. */
export interface CountingSink {
  readonly sink: PayloadSink;
  /** Bytes handed to the wrapped sink so far. */
  readonly bytes: number;
}

/**
 * Wraps `sink` to count bytes and report each chunk to `onBytes` (progress).
 * Backpressure is preserved: the wrapped sink's promise is returned as is.
 */
export function countingSink(sink: PayloadSink, onBytes?: (count: number) => void): CountingSink {
  let bytes = 0;
  return {
    sink: (chunk) => {
      bytes += chunk.length;
      onBytes?.(chunk.length);
      return sink(chunk);
    },
    get bytes() {
      return bytes;
    },
  };
}

/** A {@link ByteSource} that counts what was read from it. */
export interface CountingSource extends ByteSource {
  /** Bytes read from the wrapped source so far. */
  readonly bytesRead: number;
}

/**
 * Wraps `source` to count the bytes read. A strategy that fails before
 * anything was read can be replaced by another one on the same source
 * (see `runStrategies`); one that read bytes cannot.
 */
export function countingSource(source: ByteSource): CountingSource {
  let bytesRead = 0;
  return {
    get size() {
      return source.size;
    },
    async read(max) {
      const chunk = await source.read(max);
      bytesRead += chunk.length;
      return chunk;
    },
    close: () => source.close(),
    get bytesRead() {
      return bytesRead;
    },
  };
}
