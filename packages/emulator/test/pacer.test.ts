import { describe, expect, it } from 'vitest';
import { LinePacer } from '../src/links/pacer.js';
import { startVirtualModem } from '../src/index.js';
import { FakeClock } from './support/fake-clock.js';

describe('LinePacer (8N1: baudRate/10 bytes per second)', () => {
  it.each([9600, 115200, 921600])('moves a 10 s transfer at %i baud within ±2 % even with 3 ms timer jitter', (baud) => {
    const clock = new FakeClock(3);
    const arrivals: Array<{ t: number; n: number }> = [];
    const pacer = new LinePacer(baud, (c) => arrivals.push({ t: clock.now(), n: c.length }), clock);
    const total = (baud / 10) * 10; // ten seconds' worth
    for (let i = 0; i < total; i += 4096) pacer.push(new Uint8Array(Math.min(4096, total - i)));
    clock.runAll();
    const bytes = arrivals.reduce((s, a) => s + a.n, 0);
    expect(bytes).toBe(total);
    const duration = arrivals.at(-1)!.t;
    expect(Math.abs(duration - 10_000) / 10_000).toBeLessThan(0.02);
    // And the rate is steady: at every release, bytes so far never run ahead of the line.
    let sent = 0;
    for (const a of arrivals) {
      sent += a.n;
      expect(sent).toBeLessThanOrEqual(Math.floor((a.t * baud) / 10 / 1000) + 1);
    }
  });

  it('starts a new schedule after the line was idle', () => {
    const clock = new FakeClock();
    const arrivals: number[] = [];
    const pacer = new LinePacer(9600, (c) => arrivals.push(clock.now() + 0 * c.length), clock);
    pacer.push(new Uint8Array(960)); // 1 s
    clock.runAll();
    clock.t = 5000;
    pacer.push(new Uint8Array(96)); // 0.1 s
    clock.runAll();
    expect(arrivals.at(-1)! - 5000).toBeGreaterThanOrEqual(99);
    expect(arrivals.at(-1)! - 5000).toBeLessThan(110);
  });

  it('really paces a memory link: ATI at 9600 baud takes its line time', async () => {
    const vm = await startVirtualModem({ model: 'EC25', link: 'memory', baudRate: 9600 });
    const host = vm.transport!;
    let text = '';
    host.data$.subscribe((c) => (text += Buffer.from(c).toString('latin1')));
    await new Promise((r) => setTimeout(r, 200)); // start-up lines (≈90 bytes ≈ 94 ms)
    text = '';
    const payload = 'AT+QFTPCFG=?\r'; // echo + ~300 bytes of response ≈ 0.33 s at 960 B/s
    const t0 = performance.now();
    await host.write(Buffer.from(payload));
    while (!text.endsWith('\r\nOK\r\n')) await new Promise((r) => setTimeout(r, 5));
    const elapsed = performance.now() - t0;
    // The command crosses the line host→modem, then echo + response (all in `text`) modem→host.
    const expected = ((payload.length + text.length) / 960) * 1000;
    expect(elapsed).toBeGreaterThan(expected * 0.9);
    expect(elapsed).toBeLessThan(expected * 1.25 + 50);
    await vm.close();
  });
});
