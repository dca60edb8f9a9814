import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EtxSubDecoder, escapeEtxSub, SUB_END, unescapeEtxSub } from '../../src/framing/etx-sub.js';
import { escapeDle } from '../../src/framing/dle.js';
import { allByteValues, concatBytes, splitAt } from '../support/bytes.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Decodes a stream fed in pieces; returns the payload and whatever followed the terminator. */
function decodeInPieces(pieces: readonly Uint8Array[]): { data: Uint8Array; ended: boolean; rest: Uint8Array } {
  const decoder = new EtxSubDecoder();
  const data: Uint8Array[] = [];
  const rest: Uint8Array[] = [];
  for (const piece of pieces) {
    const got = decoder.push(piece);
    data.push(got.data);
    rest.push(got.rest);
  }
  return { data: concatBytes(...data), ended: decoder.ended, rest: concatBytes(...rest) };
}

describe('escapeEtxSub (AT+CFTPSPUT unlimited stream)', () => {
  it('escapes exactly 0x03 and 0x1A with a 0x03 prefix and nothing else', () => {
    for (let byte = 0; byte < 256; byte++) {
      const out = escapeEtxSub(Uint8Array.of(byte));
      expect(hex(out)).toBe(byte === 0x03 || byte === 0x1a ? `03${byte.toString(16).padStart(2, '0')}` : byte.toString(16).padStart(2, '0'));
    }
  });

  it('leaves DLE alone (not the SIM7080 convention)', () => {
    expect(hex(escapeEtxSub(Uint8Array.of(0x10, 0x03, 0x1a)))).toBe('100303031a');
    expect(hex(escapeEtxSub(Uint8Array.of(0x10)))).not.toBe(hex(escapeDle(Uint8Array.of(0x10))));
  });

  it('returns the same buffer when nothing needs escaping', () => {
    const plain = Uint8Array.of(0x41, 0x00, 0xff, 0x10);
    expect(escapeEtxSub(plain)).toBe(plain);
  });

  it('round-trips every byte value, the stream ending at the first bare 0x1A', () => {
    const payload = allByteValues(4);
    const wire = concatBytes(escapeEtxSub(payload), SUB_END, Uint8Array.of(0x0d, 0x0a));
    const got = decodeInPieces([wire]);
    expect(hex(got.data)).toBe(hex(payload));
    expect(got.ended).toBe(true);
    expect(hex(got.rest)).toBe('0d0a');
    // No bare 0x1A inside the escaped payload.
    expect(hex(unescapeEtxSub(wire))).toBe(hex(payload));
  });

  it('round-trips random data in random chunkings, escaped per chunk and decoded per piece', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat(600), { maxLength: 12 }),
        fc.array(fc.nat(700), { maxLength: 12 }),
        (payload, sendCuts, readCuts) => {
          // Escaping each chunk separately gives the same wire bytes as escaping the whole.
          const chunks = splitAt(payload, [...sendCuts].sort((a, b) => a - b));
          const wire = concatBytes(...chunks.map((c) => escapeEtxSub(c)), SUB_END);
          expect(hex(wire)).toBe(hex(concatBytes(escapeEtxSub(payload), SUB_END)));
          const got = decodeInPieces(splitAt(wire, [...readCuts].sort((a, b) => a - b)));
          expect(hex(got.data)).toBe(hex(payload));
          expect(got.ended).toBe(true);
          expect(got.rest.length).toBe(0);
        },
      ),
    );
  });

  it('carries an escape byte across a chunk boundary', () => {
    const got = decodeInPieces([Uint8Array.of(0x41, 0x03), Uint8Array.of(0x1a, 0x42), Uint8Array.of(0x1a)]);
    expect(hex(got.data)).toBe('411a42');
    expect(got.ended).toBe(true);
  });

  it('ignores bytes pushed after the end', () => {
    const decoder = new EtxSubDecoder();
    decoder.push(Uint8Array.of(0x1a));
    expect(hex(decoder.push(Uint8Array.of(0x41)).rest)).toBe('41');
  });
});
