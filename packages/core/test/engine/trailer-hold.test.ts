import { describe, expect, it } from 'vitest';
import { TrailerHold } from '../../src/engine/trailer-hold.js';

const TRAILER = /\r\nOK\r\n(?:\r\n)?(\+QFTPGET: ?[1-9]\d*,\d+)\r\n$/;
const facts = { pattern: TRAILER, maxBytes: 8, quietMs: 150 };
const text = (parts: Uint8Array[]): string => Buffer.concat(parts).toString('latin1');

describe('TrailerHold keeps its own copy of the held tail', () => {
  it('a caller that reuses its Buffer (as a reader with one read buffer does) cannot change held bytes', () => {
    const hold = new TrailerHold(facts);
    // One buffer, refilled for each read: the released part is delivered at once, the held tail is kept.
    const buffer = Buffer.alloc(12);
    const delivered: string[] = [];
    buffer.write('abcdefghijkl', 'latin1');
    delivered.push(text(hold.push(buffer)));
    buffer.write('mnopqrstuvwx', 'latin1');
    delivered.push(text(hold.push(buffer)));
    buffer.fill(0x21);
    delivered.push(Buffer.from(hold.flush()).toString('latin1'));
    expect(delivered.join('')).toBe('abcdefghijklmnopqrstuvwx');
  });

  it('short chunks (below the hold) are held across pushes and released in order', () => {
    const hold = new TrailerHold(facts);
    const buffer = Buffer.alloc(3);
    let out = '';
    for (const piece of ['abc', 'def', 'ghi', 'jkl']) {
      buffer.write(piece, 'latin1');
      out += text(hold.push(buffer));
    }
    buffer.fill(0x21);
    out += Buffer.from(hold.flush()).toString('latin1');
    expect(out).toBe('abcdefghijkl');
  });

  it('finds the trailer in the held tail, bytes 0x80-0xff read as latin1', () => {
    const hold = new TrailerHold({ ...facts, maxBytes: 40 });
    const payload = Buffer.from([0xff, 0xe9, 0x80]);
    const trailer = Buffer.from('\r\nOK\r\n\r\n+QFTPGET: 627,550\r\n', 'latin1');
    hold.push(Buffer.concat([payload, trailer]));
    expect(hold.match?.[1]).toBe('+QFTPGET: 627,550');
    expect([...hold.salvage()]).toEqual([0xff, 0xe9, 0x80]);
  });
});
