import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expectation, FrameEvent } from '../../src/framing/events.js';
import { Tokenizer } from '../../src/framing/tokenizer.js';
import { quotedLengthAfter } from '../../src/engine/data-helpers.js';
import { allByteValues, concatBytes, normalise, splitAt } from '../support/bytes.js';

/** Latin1, so every byte value can be written as text. */
const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const URDBLOCK = quotedLengthAfter('+URDBLOCK:');
const UUFTPCD = quotedLengthAfter('+UUFTPCD:');
const expectation: Expectation = {
  heads: [URDBLOCK.match, UUFTPCD.match],
  dataAfterHead: (head) => URDBLOCK.mode(head) ?? UUFTPCD.mode(head),
};

/** Every byte value, then the bytes that would end a line-framed payload early (SARA-R4 AT manual §16.5: they may occur). */
const PAYLOAD = concatBytes(allByteValues(), enc('"\r\n"OK\r\n+UUFTPCR: 13,1\r\n"\r\n\r\nOK\r\n"'));
const LISTING = enc('-rw-r--r-- 1 ftp ftp 1037 Aug 5 09:45 "dat_000"\r\n-rw-r--r-- 1 ftp ftp 3 Aug 5 09:12 x\r\n');

const FIXTURE = concatBytes(
  enc('\r\nRDY\r\n+CEREG: 1,"00A1"\r\n'),
  enc(`AT+URDBLOCK="f",0,${PAYLOAD.length}\r\r\n+URDBLOCK: "f",${PAYLOAD.length},"`),
  PAYLOAD,
  enc('"\r\n\r\nOK\r\n'),
  enc('\r\n+URDBLOCK: "e",0,""\r\nOK\r\n'),
  enc(`\r\nOK\r\n+UUFTPCD: 13,${LISTING.length},"`),
  LISTING,
  enc('"\r\n+UUFTPCD: 13,4,"ab\r\n"\r+UUFTPCR: 13,1\r\n'),
);

const EXPECTED = [
  { type: 'line', text: 'RDY' },
  { type: 'line', text: '+CEREG: 1,"00A1"' },
  { type: 'line', text: `AT+URDBLOCK="f",0,${PAYLOAD.length}` },
  { type: 'head', text: `+URDBLOCK: "f",${PAYLOAD.length},"` },
  { type: 'data', bytes: hex(PAYLOAD) },
  { type: 'data-end', reason: 'length' },
  { type: 'line', text: 'OK' },
  { type: 'head', text: '+URDBLOCK: "e",0,"' },
  { type: 'data-end', reason: 'length' },
  { type: 'line', text: 'OK' },
  { type: 'line', text: 'OK' },
  { type: 'head', text: `+UUFTPCD: 13,${LISTING.length},"` },
  { type: 'data', bytes: hex(LISTING) },
  { type: 'data-end', reason: 'length' },
  { type: 'head', text: '+UUFTPCD: 13,4,"' },
  { type: 'data', bytes: hex(enc('ab\r\n')) },
  { type: 'data-end', reason: 'length' },
  { type: 'line', text: '+UUFTPCR: 13,1' },
];

function feedAll(chunks: readonly Uint8Array[], expect: Expectation = expectation): FrameEvent[] {
  const t = new Tokenizer();
  t.expect(expect);
  return chunks.flatMap((c) => t.feed(c));
}

/** The step API as the engine drives it: heads, then beginData only when the caller decides so. */
function stepAll(chunks: readonly Uint8Array[]): FrameEvent[] {
  const t = new Tokenizer();
  const out: FrameEvent[] = [];
  for (const chunk of chunks) {
    for (let offset = 0; ; ) {
      const { event, consumed } = t.next(chunk, { heads: expectation.heads }, offset);
      offset += consumed;
      if (!event) {
        if (offset >= chunk.length) break;
        continue;
      }
      out.push(event);
      const mode = event.type === 'head' ? expectation.dataAfterHead?.(event.text) : undefined;
      if (mode) out.push(...t.beginData(mode));
    }
  }
  return out;
}

describe('Tokenizer: payloads that begin mid-line after a quote (quoted mode)', () => {
  it('frames +URDBLOCK and +UUFTPCD heads, payloads full of quotes, CR, LF and OK, and length 0', () => {
    expect(normalise(feedAll([FIXTURE]))).toEqual(EXPECTED);
  });

  it('gives identical events fed byte by byte', () => {
    expect(normalise(feedAll(Array.from(FIXTURE, (b) => Uint8Array.of(b))))).toEqual(EXPECTED);
  });

  it('gives identical events for any chunking, batch and step API (property, 300 seeds)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: FIXTURE.length - 1 }), { maxLength: 60 }), (cuts) => {
        const chunks = splitAt(FIXTURE, [...cuts].sort((a, b) => a - b));
        expect(normalise(feedAll(chunks))).toEqual(EXPECTED);
        expect(normalise(stepAll(chunks))).toEqual(EXPECTED);
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it('resumes line mode at the byte after the payload when the closing quote is missing', () => {
    const events = normalise(feedAll([enc('+URDBLOCK: "f",3,"abcOK\r\n+UUFTPCD: 13,2,"xy\r\nOK\r\n')]));
    expect(events).toEqual([
      { type: 'head', text: '+URDBLOCK: "f",3,"' },
      { type: 'data', bytes: hex(enc('abc')) },
      { type: 'data-end', reason: 'length' },
      { type: 'line', text: 'OK' },
      { type: 'head', text: '+UUFTPCD: 13,2,"' },
      { type: 'data', bytes: hex(enc('xy')) },
      { type: 'data-end', reason: 'length' },
      { type: 'line', text: 'OK' },
    ]);
  });

  it('swallows the closing quote and a CR at a chunk end with the LF that follows, even before a payload starting with LF', () => {
    const events = normalise(feedAll([enc('+UUFTPCD: 13,1,"\n"\r'), enc('\n+UUFTPCD: 13,1,"'), enc('\n"\n')]));
    expect(events).toEqual([
      { type: 'head', text: '+UUFTPCD: 13,1,"' },
      { type: 'data', bytes: '0a' },
      { type: 'data-end', reason: 'length' },
      { type: 'head', text: '+UUFTPCD: 13,1,"' },
      { type: 'data', bytes: '0a' },
      { type: 'data-end', reason: 'length' },
    ]);
  });

  it('frames a head as a plain line when the caller does not begin the data phase, or with no heads expected', () => {
    const wire = enc('+UUFTPCD: 13,5,"hello"\r\nOK\r\n');
    const declined = feedAll([wire], { heads: expectation.heads, dataAfterHead: () => undefined });
    expect(declined).toEqual([
      { type: 'head', text: '+UUFTPCD: 13,5,"' },
      { type: 'line', text: '+UUFTPCD: 13,5,"hello"' },
      { type: 'line', text: 'OK' },
    ]);
    expect(feedAll([wire], {})).toEqual([
      { type: 'line', text: '+UUFTPCD: 13,5,"hello"' },
      { type: 'line', text: 'OK' },
    ]);
  });

  it('offers a line one head at most, skips heads past 1 KiB, and resets a global pattern for each line', () => {
    const global = { heads: [/^\+H: \d+,"$/g], dataAfterHead: () => undefined };
    // Declined once, the rest of the line (another quote that would match) is text.
    expect(feedAll([enc('+H: 1,"+H: 2,"\r\n+H: 3,"\r\n')], global)).toEqual([
      { type: 'head', text: '+H: 1,"' },
      { type: 'line', text: '+H: 1,"+H: 2,"' },
      { type: 'head', text: '+H: 3,"' },
      { type: 'line', text: '+H: 3,"' },
    ]);
    const long = `+URDBLOCK: "${'n'.repeat(1100)}",3,"`;
    expect(feedAll([enc(`${long}abc"\r\n`)])).toEqual([{ type: 'line', text: `${long}abc"` }]);
  });

  it('gives a head its stream offset as lastStart', () => {
    const t = new Tokenizer();
    const first = t.next(enc('\r\nOK\r\n+URDBLOCK: "f",1,"x"\r\n'), { heads: expectation.heads });
    expect(first.event).toEqual({ type: 'line', text: 'OK' });
    const head = t.next(enc('\r\nOK\r\n+URDBLOCK: "f",1,"x"\r\n'), { heads: expectation.heads }, first.consumed);
    expect(head.event).toEqual({ type: 'head', text: '+URDBLOCK: "f",1,"' });
    expect(t.lastStart).toBe(6);
    expect(t.position).toBe(6 + '+URDBLOCK: "f",1,"'.length);
  });
});

describe('quotedLengthAfter', () => {
  it('takes the last number before the opening quote, with or without the space after the colon', () => {
    expect(URDBLOCK.mode('+URDBLOCK: "data.zip",20,"')).toEqual({ kind: 'quoted', length: 20 });
    expect(URDBLOCK.mode('+URDBLOCK:"d",0,"')).toEqual({ kind: 'quoted', length: 0 });
    expect(UUFTPCD.mode('+UUFTPCD: 13,194,"')).toEqual({ kind: 'quoted', length: 194 });
    expect(UUFTPCD.match.test('+UUFTPCD:13,7,"')).toBe(true);
  });

  it('skips quoted fields whole: a file name containing ,5," is not a head', () => {
    expect(URDBLOCK.match.test('+URDBLOCK: "a,5,"')).toBe(false);
    expect(URDBLOCK.mode('+URDBLOCK: "a,5,",3,"')).toEqual({ kind: 'quoted', length: 3 });
    expect(URDBLOCK.match.test('+URDBLOCK: "f"')).toBe(false);
    expect(URDBLOCK.match.test('+URDFILE: "f",3,"')).toBe(false);
    expect(URDBLOCK.mode('+UUFTPCD: 13,3,"')).toBeUndefined();
  });
});
