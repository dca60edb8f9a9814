import type { ByteSource } from '../transfer/source.js';

/** A {@link ByteSource} that can hand what it read to a second strategy. */
export interface ReplayableSource extends ByteSource {
  /**
   * The next reads start again at the first byte. Call it before each
   * strategy `runStrategies` tries.
   *
   * @throws Error once {@link ReplayableSource.release} was called.
   */
  rewind(): void;
  /**
   * The module took bytes: nothing read so far can be offered again, so it
   * is no longer kept. Bytes read ahead but not yet handed out stay.
   */
  release(): void;
}

/**
 * Wraps `source` so that a strategy the firmware refuses after it read ahead
 * (Quectel's `COM:` upload reads a chunk beyond the first to know which one is
 * last) can be replaced by the next one on the same bytes. What was read is
 * kept until {@link ReplayableSource.release}, i.e. until the module accepted
 * a byte; from then on the wrapper costs nothing.
 *
 * @example
 * const replay = replayableSource(source);
 * const onBytes = (n: number) => { moved += n; replay.release(); };
 * await runStrategies({ order, memory }, (s) => { replay.rewind(); return flows[s](replay, onBytes); }, () => moved);
 */
export function replayableSource(source: ByteSource): ReplayableSource {
  let kept: Uint8Array[] = [];
  let keptBytes = 0;
  /** Bytes of `kept` handed out since the last rewind. */
  let offset = 0;
  let keeping = true;

  const fromKept = (max: number): Uint8Array => {
    const parts: Uint8Array[] = [];
    let skip = offset;
    let want = max;
    for (const chunk of kept) {
      if (want === 0) break;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      const part = chunk.subarray(skip, skip + want);
      skip = 0;
      want -= part.length;
      parts.push(part);
    }
    const out = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    offset += out.length;
    return out;
  };

  return {
    get size() {
      return source.size;
    },
    async read(max) {
      if (offset < keptBytes) return fromKept(max);
      const chunk = await source.read(max);
      if (keeping && chunk.length > 0) {
        kept.push(chunk);
        keptBytes += chunk.length;
        offset += chunk.length;
      }
      return chunk;
    },
    rewind() {
      if (!keeping) throw new Error('replayableSource: bytes were released to the module; they cannot be read again');
      offset = 0;
    },
    release() {
      if (!keeping) return;
      keeping = false;
      // Only the bytes read ahead and not yet handed out are still owed.
      const rest = offset < keptBytes ? fromKept(keptBytes - offset) : new Uint8Array(0);
      kept = rest.length > 0 ? [rest] : [];
      keptBytes = rest.length;
      offset = 0;
    },
    close: () => source.close(),
  };
}
