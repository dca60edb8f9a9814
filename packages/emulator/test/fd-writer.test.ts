import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FdWriter } from '../src/links/fd-writer.js';

/** A FIFO stands in for the pty: same non-blocking write(2) semantics, and nobody drains it unless the test reads. */
describe('FdWriter (non-blocking writes on the event loop, serialport only when full)', () => {
  let dir: string;
  let fifo: string;
  let reader: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fdw-'));
    fifo = join(dir, 'line');
    execFileSync('mkfifo', [fifo]);
    reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  });
  afterEach(() => {
    closeSync(reader);
    rmSync(dir, { recursive: true, force: true });
  });

  const readAll = (): Buffer => {
    const parts: Buffer[] = [];
    for (;;) {
      const buf = Buffer.alloc(65536);
      try {
        const n = readSync(reader, buf);
        if (n === 0) break;
        parts.push(buf.subarray(0, n));
      } catch {
        break; // EAGAIN: drained
      }
    }
    return Buffer.concat(parts);
  };

  it('writes at once while there is room, and returns no promise', () => {
    const slow: Uint8Array[] = [];
    const w = FdWriter.open(fifo, async (b) => void slow.push(b))!;
    expect(w.write(Buffer.from('\r\nOK\r\n'))).toBeUndefined();
    expect(w.write(Buffer.from('AT'))).toBeUndefined();
    expect(readAll().toString('latin1')).toBe('\r\nOK\r\nAT');
    expect(slow).toHaveLength(0);
    w.close();
  });

  it('hands the rest of a short write to the slow writer, and keeps later chunks behind it until it settles', async () => {
    const slow: Buffer[] = [];
    const releases: Array<() => void> = [];
    const w = FdWriter.open(fifo, (b) => {
      slow.push(Buffer.from(b));
      return new Promise<void>((r) => releases.push(r));
    })!;
    const big = Buffer.alloc(1 << 20, 0x41); // more than any pipe buffer
    const first = w.write(big);
    expect(first).toBeInstanceOf(Promise);
    const direct = readAll();
    expect(direct.length).toBeGreaterThan(0);
    expect(direct.length + slow[0]!.length).toBe(big.length);
    // Room again, but the slow writer still holds earlier bytes: this chunk must queue behind them.
    expect(w.write(Buffer.from('next'))).toBeInstanceOf(Promise);
    expect(readAll().length).toBe(0);
    expect(slow.map((b) => b.length)).toEqual([big.length - direct.length, 4]);
    releases[0]!();
    await first;
    // One still in the slow writer: still queued behind it.
    expect(w.write(Buffer.from('more'))).toBeInstanceOf(Promise);
    for (const r of releases.slice(1)) r();
    await new Promise((r) => setImmediate(r));
    expect(slow.map((b) => b.toString('latin1', 0, 4)).slice(1)).toEqual(['next', 'more']);
    // Both slow writes settled: back to direct writes.
    expect(w.write(Buffer.from('tail'))).toBeUndefined();
    expect(readAll().toString('latin1')).toBe('tail');
    w.close();
  });

  it('rejects writes after close, and open() of a missing path gives undefined', async () => {
    const w = FdWriter.open(fifo, async () => undefined)!;
    w.close();
    await expect(w.write(Buffer.from('x'))).rejects.toThrow('pty writer closed');
    expect(FdWriter.open(join(dir, 'missing'), async () => undefined)).toBeUndefined();
  });
});
