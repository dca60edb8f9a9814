import { describe, expect, it } from 'vitest';
import { EscapeDetector } from '../src/common/escape.js';
import { FakeClock } from './support/fake-clock.js';

/** A detector on a fake clock; `data` collects payload, `escapes` counts accepted `+++`. */
function detector(clock: FakeClock, lastByteAt: number) {
  const seen = { data: '', escapes: 0 };
  const d = new EscapeDetector({
    guardMs: 1000,
    lastByteAt,
    clock,
    onData: (b) => (seen.data += Buffer.from(b).toString('latin1')),
    onEscape: () => seen.escapes++,
  });
  return { d, seen };
}

describe('EscapeDetector: +++ guard times (Quectel AT manual §3.2, FTP(S) AN §1.4: 1 s / +++ / 1 s)', () => {
  it('counts the silence before +++ from the host\'s last byte, not from entering data mode', () => {
    const clock = new FakeClock();
    // The command's CR arrived at t=0; the module said CONNECT (data mode) at t=900.
    clock.t = 900;
    const { d, seen } = detector(clock, 0);
    clock.t = 1000; // 1000 ms after the host's last byte, 100 ms after CONNECT
    d.push(Buffer.from('+++'));
    clock.advance(999);
    expect(seen.escapes).toBe(0);
    clock.advance(1);
    expect(seen).toEqual({ data: '', escapes: 1 });
  });

  it('treats +++ as payload when the host sent a byte less than the guard time before', () => {
    const clock = new FakeClock();
    const { d, seen } = detector(clock, 0);
    clock.t = 999;
    d.push(Buffer.from('+++'));
    clock.advance(2000);
    expect(seen).toEqual({ data: '+++', escapes: 0 });
  });

  it('a payload byte restarts the guard; a byte after +++ within the guard makes it payload', () => {
    const clock = new FakeClock();
    const { d, seen } = detector(clock, -5000);
    d.push(Buffer.from('ab')); // t=0
    clock.t = 600;
    d.push(Buffer.from('+++')); // only 600 ms after "ab"
    clock.t = 2000;
    d.push(Buffer.from('+++')); // 1400 ms of silence: held …
    clock.advance(500);
    d.push(Buffer.from('c')); // … but broken by a byte inside the guard after
    clock.advance(5000);
    expect(seen).toEqual({ data: 'ab++++++c', escapes: 0 });
  });

  it('the three + must come within the guard time', () => {
    const clock = new FakeClock();
    const { d, seen } = detector(clock, -5000);
    d.push(Buffer.from('+'));
    clock.t = 600;
    d.push(Buffer.from('+'));
    clock.t = 1100; // third + 1100 ms after the first
    d.push(Buffer.from('+'));
    clock.advance(3000);
    expect(seen).toEqual({ data: '+++', escapes: 0 });
  });
});
