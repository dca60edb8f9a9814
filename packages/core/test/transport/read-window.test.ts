import { openSync, closeSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BULK_CHUNK_BYTES, ReadWindow } from '../../src/transport/read-window.js';
import { openSerialWith } from '../../src/transport/serial.js';
import type { ByteTransport } from '../../src/transport/types.js';
import { serialPattern } from '../support/bytes.js';
import { hasSocat, startPtyPair } from '../support/socat.js';

const mustRun = process.env.CI === 'true';

/** A stream stand-in that records its flow-control calls. */
function recorder(): { stream: { pause(): void; resume(): void }; calls: string[] } {
  const calls: string[] = [];
  return { stream: { pause: () => void calls.push('pause'), resume: () => void calls.push('resume') }, calls };
}

describe('ReadWindow', () => {
  afterEach(() => vi.useRealTimers());

  it('a bulk chunk pauses the line for the window; a short answer never does', () => {
    vi.useFakeTimers();
    const { stream, calls } = recorder();
    const w = new ReadWindow(stream, 10);
    w.afterChunk(BULK_CHUNK_BYTES - 1);
    expect(calls).toEqual([]);
    w.afterChunk(BULK_CHUNK_BYTES);
    expect(calls).toEqual(['pause']);
    // A chunk the stream had already read while pausing does not open a second window.
    w.afterChunk(4096);
    vi.advanceTimersByTime(9);
    expect(calls).toEqual(['pause']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it("the caller's pause outlasts a window: the line stays paused until the caller resumes", () => {
    vi.useFakeTimers();
    const { stream, calls } = recorder();
    const w = new ReadWindow(stream, 10);
    w.afterChunk(1000);
    w.pause();
    vi.advanceTimersByTime(50);
    expect(calls).toEqual(['pause', 'pause']);
    w.resume();
    expect(calls).toEqual(['pause', 'pause', 'resume']);
  });

  it("the caller's resume inside a window waits for the window's end", () => {
    vi.useFakeTimers();
    const { stream, calls } = recorder();
    const w = new ReadWindow(stream, 10);
    w.afterChunk(1000);
    w.pause();
    w.resume();
    expect(calls).toEqual(['pause', 'pause']);
    vi.advanceTimersByTime(10);
    expect(calls).toEqual(['pause', 'pause', 'resume']);
  });

  it('a window of 0 never pauses, and close() cancels a window', () => {
    vi.useFakeTimers();
    const off = recorder();
    new ReadWindow(off.stream, 0).afterChunk(100_000);
    expect(off.calls).toEqual([]);
    const on = recorder();
    const w = new ReadWindow(on.stream, 10);
    w.afterChunk(1000);
    w.close();
    vi.advanceTimersByTime(100);
    expect(on.calls).toEqual(['pause']);
  });
});

describe.runIf(hasSocat || mustRun)('batched tty reads over a pty', () => {
  let pair: Awaited<ReturnType<typeof startPtyPair>> | undefined;
  let host: ByteTransport | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
    await pair?.stop();
    pair = undefined;
  });

  async function paced(batchReadsMs: number): Promise<{ events: number; firstAnswerMs: number }> {
    pair = await startPtyPair();
    host = await openSerialWith({ path: pair.a, baudRate: 921600 }, { ttyReads: true, batchReadsMs });
    const fd = openSync(pair.b, 'r+');
    try {
      const chunks: Uint8Array[] = [];
      let arrived: (() => void) | undefined;
      host.data$.subscribe((c) => {
        chunks.push(Buffer.from(c));
        arrived?.();
      });
      // A quiet line: a short answer comes through without waiting for any window.
      const answered = new Promise<void>((r) => (arrived = r));
      const t0 = performance.now();
      writeSync(fd, 'OK\r\n');
      await answered;
      const firstAnswerMs = performance.now() - t0;
      arrived = undefined;
      // Bulk: 460 bytes every 5 ms, what the emulator's pacer sends at 921600 baud.
      const payload = serialPattern(460 * 60);
      for (let off = 0; off < payload.length; off += 460) {
        writeSync(fd, payload.subarray(off, off + 460));
        await new Promise((r) => setTimeout(r, 5));
      }
      const want = 4 + payload.length;
      const deadline = Date.now() + 5000;
      while (chunks.reduce((n, c) => n + c.length, 0) < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const got = Buffer.concat(chunks);
      expect(got.subarray(0, 4).toString()).toBe('OK\r\n');
      expect(createHash('sha256').update(got.subarray(4)).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
      return { events: chunks.length, firstAnswerMs };
    } finally {
      closeSync(fd);
    }
  }

  it('deliver every byte in order in fewer, larger chunks, and a short answer after a quiet line at once', async () => {
    // A window far longer than the writer's pace: unbatched, each 460-byte write is a read of its own.
    const batched = await paced(50);
    expect(batched.events).toBeLessThan(30);
    expect(batched.firstAnswerMs).toBeLessThan(40);
  });
});
