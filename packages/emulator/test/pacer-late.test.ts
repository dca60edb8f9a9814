import { describe, expect, it } from 'vitest';
import { LinePacer } from '../src/links/pacer.js';
import { FakeClock } from './support/fake-clock.js';

/** A clock whose n-th timer fires `lateMs` late, as a busy machine's would. */
class LateClock extends FakeClock {
  #count = 0;
  constructor(
    private readonly lateTimer: number,
    private readonly lateMs: number,
  ) {
    super();
  }
  override setTimeout(fn: () => void, ms: number): unknown {
    return super.setTimeout(fn, ++this.#count === this.lateTimer ? ms + this.lateMs : ms);
  }
}

/** A producer like the EC25 feeder: 1 KiB slices, refilled while at most 2 KiB is queued. */
async function feed(pacer: LinePacer, total: number): Promise<void> {
  for (let sent = 0; sent < total; sent += 1024) {
    pacer.push(new Uint8Array(Math.min(1024, total - sent)));
    await pacer.idle(2048);
  }
}

describe('LinePacer after a late tick ran the queue dry', () => {
  const run = async (lateMs: number): Promise<Array<{ t: number; n: number }>> => {
    const clock = new LateClock(20, lateMs);
    const arrivals: Array<{ t: number; n: number }> = [];
    const pacer = new LinePacer(921600, (c) => arrivals.push({ t: clock.now(), n: c.length }), clock);
    const done = feed(pacer, 92_160);
    await clock.runAllAsync();
    await done;
    return arrivals;
  };

  it('keeps the line rate when the producer refills in the same turn: 1 s of data still takes 1 s', async () => {
    const arrivals = await run(40); // 40 ms late: due 4 600 B, queued at most 3 072
    expect(arrivals.reduce((s, a) => s + a.n, 0)).toBe(92_160);
    expect(arrivals.at(-1)!.t).toBeCloseTo(1000, 6);
    // Never ahead of the line, counted from the first byte's period.
    let sent = 0;
    for (const a of arrivals) {
      sent += a.n;
      expect(sent).toBeLessThanOrEqual(Math.floor((a.t * 92_160) / 1000));
    }
  });

  it('without a late tick the same producer also ends at 1 s (the catch-up only gives back lateness)', async () => {
    const arrivals = await run(0);
    expect(arrivals.at(-1)!.t).toBeCloseTo(1000, 6);
  });

  it('a refill in a later turn starts a new period, as any push on an idle line does', async () => {
    const clock = new FakeClock();
    const arrivals: Array<{ t: number; n: number }> = [];
    const pacer = new LinePacer(921600, (c) => arrivals.push({ t: clock.now(), n: c.length }), clock);
    pacer.push(new Uint8Array(3000));
    const waiting = pacer.idle(2048).then(() => new Promise<void>((r) => setImmediate(r)));
    clock.advance(60); // one late release takes all 3 000 B; the waiter pushes only in a later turn
    await waiting;
    pacer.push(new Uint8Array(922));
    await clock.runAllAsync();
    // 922 B from a fresh start at 60 ms: 10 ms of line time, not released at once.
    expect(arrivals.at(-1)!.t - 60).toBeGreaterThanOrEqual(10);
  });
});
