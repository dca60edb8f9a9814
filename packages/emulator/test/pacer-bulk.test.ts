import { describe, expect, it } from 'vitest';
import { LinePacer } from '../src/links/pacer.js';
import { FakeClock } from './support/fake-clock.js';

/** The bulk tick: a line with a backlog wakes (and writes) half as often, and no byte leaves earlier or later than it should. */
describe('LinePacer with a backlog (bulk tick)', () => {
  const run = (bytes: number, baud = 921600, bulkTickMs?: number): Array<{ t: number; n: number }> => {
    const clock = new FakeClock();
    const arrivals: Array<{ t: number; n: number }> = [];
    const pacer = new LinePacer(baud, (c) => arrivals.push({ t: clock.now(), n: c.length }), clock, 5, bulkTickMs);
    for (let i = 0; i < bytes; i += 1024) pacer.push(new Uint8Array(Math.min(1024, bytes - i)));
    clock.runAll();
    return arrivals;
  };

  it('releases 1 s of 921600 baud in 10 ms slices (100 writes, not 200), never ahead of the line', () => {
    const arrivals = run(92_160);
    expect(arrivals).toHaveLength(100);
    expect(arrivals.every((a, i) => a.t === (i + 1) * 10)).toBe(true);
    let sent = 0;
    for (const a of arrivals) {
      sent += a.n;
      expect(sent).toBeLessThanOrEqual(Math.floor((a.t * 92_160) / 1000));
    }
    expect(sent).toBe(92_160);
  });

  it('with bulkTickMs = tickMs it is the 5 ms pacer (200 writes)', () => {
    expect(run(92_160, 921600, 5)).toHaveLength(200);
  });

  it('lets the end of a backlog out when its last byte is due, not a tick later', () => {
    const arrivals = run(9216 + 461); // 105.002 ms of line time: a 5 ms pacer would have ended at 110
    expect(arrivals.slice(0, -1).map((a) => a.t)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(arrivals.at(-1)!.t).toBeCloseTo((9677 * 1000) / 92_160, 6);
    expect(arrivals.at(-1)!.n).toBe(461);
    expect(run(9216 + 461, 921600, 5).at(-1)!.t).toBe(110);
  });

  it('does not hold a short line: six bytes on an idle line leave at the first tick, as before', () => {
    const arrivals = run(6);
    expect(arrivals).toEqual([{ t: 5, n: 6 }]);
  });

  it('at 115200 baud a 1 KiB answer leaves in 10 ms slices of 115 bytes and ends when due (88.9 ms)', () => {
    const arrivals = run(1024, 115200);
    expect(arrivals.slice(0, 3)).toEqual([
      { t: 10, n: 115 },
      { t: 20, n: 115 },
      { t: 30, n: 115 },
    ]);
    expect(arrivals.reduce((s, a) => s + a.n, 0)).toBe(1024);
    expect(arrivals.at(-1)!.t).toBeCloseTo((1024 * 1000) / 11_520, 6);
  });
});
