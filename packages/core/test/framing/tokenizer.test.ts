import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataMode, Expectation, FrameEvent } from '../../src/framing/events.js';
import { Tokenizer } from '../../src/framing/tokenizer.js';
import { escapeDle, unescapeDle } from '../../src/framing/dle.js';
import { lengthAnnouncedBy, etxAfter } from '../../src/engine/data-helpers.js';
import { allByteValues, concatBytes, enc, normalise, splitAt } from '../support/bytes.js';

const DANGEROUS = enc('\r\nOK\r\n+FTPGET: 1,0\r\n+++\r\n+QFTPGET: 0,0\r\n\x03\x10\x10\x03ERROR\r\n');

/** One expectation covering every announced-payload shape the drivers use. */
const expectation: Expectation = {
  dataAfter: (line): DataMode | undefined =>
    lengthAnnouncedBy('+FTPGET: 2,', 1)(line) ??
    lengthAnnouncedBy('+FTPEXTGET: 3,', 1)(line) ??
    lengthAnnouncedBy(/^CONNECT \d+$/, 0)(line) ??
    etxAfter('+FTPETGET: 1,1')(line),
  prompts: ['> '],
};

function run(chunks: readonly Uint8Array[]): FrameEvent[] {
  const t = new Tokenizer();
  t.expect(expectation);
  return chunks.flatMap((c) => t.feed(c));
}

const binary = concatBytes(allByteValues(2), DANGEROUS);
const stuffed = escapeDle(concatBytes(allByteValues(), DANGEROUS));
const FIXTURE = concatBytes(
  enc('\r\nRDY\r\n\n+CEREG: 1\r\rAT+FTPGET=2,1460\r\r\n'),
  enc(`+FTPGET: 2,${binary.length}\r\n`),
  binary,
  enc('\r\nOK\r\n+FTPGET: 1,1\r\n'),
  enc(`\r\n+FTPEXTGET: 3,${DANGEROUS.length}\r\n`),
  DANGEROUS,
  enc('\r\nOK\r\n'),
  enc('CONNECT 256\r\n'),
  allByteValues(),
  enc('\r\nOK\r\n+FTPETGET: 1,1\r\n'),
  stuffed,
  new Uint8Array([0x03]),
  enc('\r\nOK\r\n+FTPETGET: 1,0\r\n\r\n> '),
);

describe('Tokenizer', () => {
  it('frames lines, exact-length payloads, ETX data and prompts', () => {
    const events = normalise(run([FIXTURE]));
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
    expect(events).toEqual([
      { type: 'line', text: 'RDY' },
      { type: 'line', text: '+CEREG: 1' },
      { type: 'line', text: 'AT+FTPGET=2,1460' },
      { type: 'line', text: `+FTPGET: 2,${binary.length}` },
      { type: 'data', bytes: hex(binary) },
      { type: 'data-end', reason: 'length' },
      { type: 'line', text: 'OK' },
      { type: 'line', text: '+FTPGET: 1,1' },
      { type: 'line', text: `+FTPEXTGET: 3,${DANGEROUS.length}` },
      { type: 'data', bytes: hex(DANGEROUS) },
      { type: 'data-end', reason: 'length' },
      { type: 'line', text: 'OK' },
      { type: 'line', text: 'CONNECT 256' },
      { type: 'data', bytes: hex(allByteValues()) },
      { type: 'data-end', reason: 'length' },
      { type: 'line', text: 'OK' },
      { type: 'line', text: '+FTPETGET: 1,1' },
      { type: 'data', bytes: hex(concatBytes(allByteValues(), DANGEROUS)) },
      { type: 'data-end', reason: 'etx' },
      { type: 'line', text: 'OK' },
      { type: 'line', text: '+FTPETGET: 1,0' },
      { type: 'prompt', text: '> ' },
    ]);
  });

  it('gives identical events fed byte by byte', () => {
    const bytewise = Array.from(FIXTURE, (b) => Uint8Array.of(b));
    expect(normalise(run(bytewise))).toEqual(normalise(run([FIXTURE])));
  });

  it('gives identical events for any chunking (property, 300 seeds)', () => {
    const whole = normalise(run([FIXTURE]));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: FIXTURE.length - 1 }), { maxLength: 60 }), (cuts) => {
        const chunks = splitAt(FIXTURE, [...cuts].sort((a, b) => a - b));
        expect(normalise(run(chunks))).toEqual(whole);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('swallows the LF of a CR LF split across chunks, even when a payload starting with LF follows', () => {
    const events = normalise(run([enc('+FTPGET: 2,3\r'), enc('\n\n\r\n'), enc('\r\nOK\r\n')]));
    expect(events).toEqual([
      { type: 'line', text: '+FTPGET: 2,3' },
      { type: 'data', bytes: '0a0d0a' },
      { type: 'data-end', reason: 'length' },
      { type: 'line', text: 'OK' },
    ]);
  });

  it('never switches to a data mode without an expectation', () => {
    const t = new Tokenizer();
    const events = t.feed(enc('+FTPGET: 2,5\r\nhello\r\nOK\r\n'));
    expect(events.map((e) => e.type)).toEqual(['line', 'line', 'line']);
  });

  it('ends an open data phase only when the caller says so', () => {
    const t = new Tokenizer();
    t.expect({ dataAfter: (l) => (l === 'CONNECT' ? { kind: 'open' } : undefined) });
    const events = [...t.feed(enc('CONNECT\r\n\r\nOK\r\n+++')), ...t.endData(), ...t.feed(enc('\r\nOK\r\n'))];
    expect(normalise(events)).toEqual([
      { type: 'line', text: 'CONNECT' },
      { type: 'data', bytes: Buffer.from('\r\nOK\r\n+++').toString('hex') },
      { type: 'data-end', reason: 'caller' },
      { type: 'line', text: 'OK' },
    ]);
  });

  it('handles a DLE escape split across chunks', () => {
    const t = new Tokenizer();
    t.expect({ dataAfter: etxAfter('GO') });
    const events = [...t.feed(enc('GO\r\nab\x10')), ...t.feed(enc('\x03c\x10')), ...t.feed(enc('\x10\x03OK\r\n'))];
    expect(normalise(events)).toEqual([
      { type: 'line', text: 'GO' },
      { type: 'data', bytes: Buffer.from('ab\x03c\x10').toString('hex') },
      { type: 'data-end', reason: 'etx' },
      { type: 'line', text: 'OK' },
    ]);
  });

  it('reports and discards an endless line instead of growing without bound', () => {
    const t = new Tokenizer({ maxLineLength: 100 });
    const events = [...t.feed(new Uint8Array(70).fill(0x41)), ...t.feed(new Uint8Array(70).fill(0x41)), ...t.feed(enc('\r\nOK\r\n'))];
    expect(events).toEqual([{ type: 'overflow', discarded: 140 }, { type: 'line', text: 'OK' }]);
  });

  it('round-trips DLE stuffing for every byte value', () => {
    const payload = concatBytes(allByteValues(3), DANGEROUS);
    const wire = escapeDle(payload);
    expect(wire.filter((b) => b === 0x03).length).toBe(payload.filter((b) => b === 0x03).length);
    expect(Buffer.from(unescapeDle(wire)).equals(Buffer.from(payload))).toBe(true);
  });
});

describe('Tokenizer.next (one event per step, routing between steps)', () => {
  /** Steps through `chunks`, entering a data mode only when the caller says so after routing the line. */
  function stepAll(t: Tokenizer, chunks: readonly Uint8Array[], decide: (line: string) => DataMode | undefined) {
    const out: Array<FrameEvent & { start?: number }> = [];
    for (const chunk of chunks) {
      let offset = 0;
      for (;;) {
        const { event, consumed } = t.next(chunk.subarray(offset), { prompts: ['> '] });
        offset += consumed;
        if (!event) {
          if (offset >= chunk.length) break;
          continue;
        }
        if (event.type === 'line' || event.type === 'prompt') out.push({ ...event, start: t.lastStart });
        else out.push(event);
        if (event.type === 'line') {
          const mode = decide(event.text);
          if (mode) out.push(...t.beginData(mode));
        }
      }
    }
    return out;
  }

  it('never consults a data mode itself: a line becomes data only through beginData', () => {
    const t = new Tokenizer();
    const events = stepAll(t, [enc('+FTPGET: 2,5\r\nhello\r\nOK\r\n')], () => undefined);
    expect(events.map((e) => e.type)).toEqual(['line', 'line', 'line']);
  });

  it('gives every line its stream offset, across chunks and a split CR LF', () => {
    const t = new Tokenizer();
    const events = stepAll(t, [enc('\r\nOK\r'), enc('\n+CSQ: 9'), enc(',9\r\n> ')], () => undefined);
    expect(events).toEqual([
      { type: 'line', text: 'OK', start: 2 },
      { type: 'line', text: '+CSQ: 9,9', start: 6 },
      { type: 'prompt', text: '> ', start: 17 },
    ]);
    expect(t.position).toBe(19);
  });

  it('yields the same events as feed() for the fixture split anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: FIXTURE.length - 1 }), { maxLength: 30 }), (cuts) => {
        const stepped = stepAll(new Tokenizer(), splitAt(FIXTURE, [...cuts].sort((a, b) => a - b)), (l) => expectation.dataAfter?.(l));
        expect(normalise(stepped.map(({ start: _s, ...e }) => e as FrameEvent))).toEqual(normalise(run([FIXTURE])));
      }),
      { numRuns: 200 },
    );
  });
});

describe('chunks the reader reuses', () => {
  it('keeps the head of a line split across reads even when the reader overwrites its buffer', () => {
    const t = new Tokenizer();
    const buffer = Buffer.alloc(8);
    buffer.write('+CSQ: 1', 'latin1');
    expect(t.feed(buffer.subarray(0, 7))).toEqual([]);
    // A Buffer#slice kept as the line's head would now read "9\r\nXXXX" instead of "+CSQ: 1".
    buffer.write('9\r\nXXXXX', 'latin1');
    expect(t.feed(buffer.subarray(0, 3))).toEqual([{ type: 'line', text: '+CSQ: 19' }]);
  });
});
