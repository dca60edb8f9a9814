import { describe, expect, it } from 'vitest';
import { AtCommandError } from '../../src/errors/engine-errors.js';
import { replayableSource } from '../../src/driver-kit/replayable-source.js';
import { runStrategies, StrategyMemory } from '../../src/driver-kit/strategies.js';
import type { ByteSource } from '../../src/transfer/source.js';

/** A source of `bytes` that hands out at most `piece` bytes per read, like a stream. */
function source(bytes: Buffer, piece = 7): ByteSource & { reads: number } {
  let at = 0;
  const s = {
    reads: 0,
    size: undefined,
    read(max: number) {
      s.reads++;
      const chunk = bytes.subarray(at, at + Math.min(max, piece));
      at += chunk.length;
      return Promise.resolve(chunk);
    },
    close: () => Promise.resolve(),
  };
  return s;
}

async function drain(s: ByteSource, max: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (let c = await s.read(max); c.length > 0; c = await s.read(max)) parts.push(c);
  return Buffer.concat(parts);
}

const data = Buffer.from(Array.from({ length: 100 }, (_, i) => i));

describe('replayableSource', () => {
  it('replays what a refused strategy read ahead, in other read sizes, then continues from the source', async () => {
    const inner = source(data);
    const replay = replayableSource(inner);
    expect(Buffer.from(await replay.read(5))).toEqual(data.subarray(0, 5));
    expect(Buffer.from(await replay.read(50))).toEqual(data.subarray(5, 12));
    replay.rewind();
    expect(await drain(replay, 3)).toEqual(data);
  });

  it('after release, hands out the bytes read ahead once, keeps nothing and refuses to rewind', async () => {
    const replay = replayableSource(source(data));
    await replay.read(7);
    await replay.read(7);
    replay.rewind();
    expect(Buffer.from(await replay.read(4))).toEqual(data.subarray(0, 4));
    replay.release();
    expect(() => replay.rewind()).toThrow(/released/);
    expect(Buffer.concat([data.subarray(0, 4), await drain(replay, 9)])).toEqual(data);
  });

  it('lets runStrategies give the next strategy every byte with identical content', async () => {
    const inner = source(data, 16);
    const replay = replayableSource(inner);
    const memory = new StrategyMemory<'com' | 'ufs'>();
    let moved = 0;
    const got = await runStrategies(
      { order: ['com', 'ufs'], memory },
      async (strategy) => {
        replay.rewind();
        // Both strategies read ahead before the module answers.
        const first = await replay.read(32);
        const ahead = await replay.read(32);
        if (strategy === 'com') throw new AtCommandError('AT+QFTPPUT="x","COM:",0,32,0', 'ERROR');
        moved += first.length;
        replay.release();
        return Buffer.concat([first, ahead, await drain(replay, 10)]);
      },
      () => moved,
    );
    expect(got).toEqual(data);
    expect(memory.refused('com')).toBe(true);
  });
});
