import { asyncScheduler } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { delay } from '../../src/driver-kit/delay.js';
import { countingSink, countingSource } from '../../src/driver-kit/counting.js';

afterEach(() => vi.useRealTimers());

describe('delay', () => {
  it('waits on the scheduler, so fake timers move it', async () => {
    vi.useFakeTimers();
    let done = false;
    const wait = delay(asyncScheduler, 60_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
  });

  it('rejects at once when aborted, before or during the wait', async () => {
    vi.useFakeTimers();
    await expect(delay(asyncScheduler, 10, AbortSignal.abort(), 'busy back-off')).rejects.toMatchObject({ code: 'ABORTED', message: 'busy back-off: aborted' });
    const controller = new AbortController();
    const wait = delay(asyncScheduler, 60_000, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(await wait).toMatchObject({ code: 'ABORTED' });
  });
});

describe('counting', () => {
  it('counts a sink and keeps its backpressure promise', async () => {
    const seen: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const counted = countingSink(() => held, (n) => seen.push(n));
    const result = counted.sink(new Uint8Array(5));
    expect(result).toBe(held);
    counted.sink(new Uint8Array(3));
    expect(counted.bytes).toBe(8);
    expect(seen).toEqual([5, 3]);
    release();
  });

  it('counts what a source gave', async () => {
    const data = new Uint8Array(10);
    let at = 0;
    const source = countingSource({ size: 10, read: async (max) => data.subarray(at, (at += Math.min(max, 10 - at))), close: async () => undefined });
    await source.read(4);
    await source.read(100);
    expect(source.bytesRead).toBe(10);
    expect(source.size).toBe(10);
  });
});
