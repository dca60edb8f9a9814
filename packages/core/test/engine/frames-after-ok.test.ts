import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { lengthAnnouncedBy } from '../../src/engine/data-helpers.js';
import { scriptedModem } from '../../src/testing/scripted-modem.js';
import { allByteValues, concatBytes } from '../support/bytes.js';

/**
 * SIMCom A76xx/SIM7600 `AT+CFTPSGET`: `OK` first, then any number of
 * `+CFTPSGET: DATA,<len>` frames (raw bytes, no terminator after them: the next
 * header starts with CR LF), then the result `+CFTPSGET: 0`. The engine must
 * keep `dataAfter` armed after `OK` while the result URC is awaited.
 */
const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const header = (n: number, spelling = '+CFTPSGET: DATA,'): Uint8Array => enc(`\r\n${spelling}${n}\r\n`);
const cftpsget = (sink?: (c: Uint8Array) => void) => ({
  text: 'AT+CFTPSGET="a.bin"',
  incoming: { dataAfter: lengthAnnouncedBy(/^\+CFTPSGET:\s*DATA,/, 1), ...(sink ? { sink } : {}) },
  resultUrc: { match: /^\+CFTPSGET:\s*\d+$/, timeoutMs: 2000 },
});

describe('length-announced frames after OK while a result URC is awaited', () => {
  it('collects every frame, byte-exact, including CR LF and header-like text inside the data', async () => {
    const a = concatBytes(enc('\r\n+CFTPSGET: 0\r\nOK\r\n'), allByteValues(1));
    const b = allByteValues(3).subarray(0, 700);
    const c = enc('x');
    const { transport, modem } = scriptedModem([
      {
        expect: 'AT+CFTPSGET="a.bin"\r',
        // Frames split across reads anywhere, in all three documented spellings.
        reply: [
          '\r\nOK\r\n',
          header(a.length),
          a.subarray(0, 10),
          { pauseMs: 5 },
          a.subarray(10),
          header(b.length, '+CFTPSGET:DATA,').subarray(0, 7),
          { pauseMs: 5 },
          header(b.length, '+CFTPSGET:DATA,').subarray(7),
          b,
          header(c.length, '+CFTPSGET: DATA, '),
          c,
          '\r\n+CFTPSGET: 0\r\n',
        ],
      },
    ]);
    const engine = new AtEngine(transport);
    const chunks: Uint8Array[] = [];
    const res = await engine.run(cftpsget((chunk) => void chunks.push(chunk.slice())));
    expect(res.resultUrc).toBe('+CFTPSGET: 0');
    expect(res.payloadBytes).toBe(a.length + b.length + 1);
    expect(Buffer.from(concatBytes(...chunks)).equals(Buffer.from(concatBytes(a, b, c)))).toBe(true);
    expect(modem.writtenText).toBe('AT+CFTPSGET="a.bin"\r');
    await engine.close();
  });

  it('a failure after some frames ends the command with that line, the frames delivered', async () => {
    const { transport } = scriptedModem([
      { expect: 'AT+CFTPSGET="a.bin"\r', reply: ['\r\nOK\r\n', header(3), 'abc', '\r\n+CFTPSGET: 6\r\n'] },
    ]);
    const engine = new AtEngine(transport);
    const chunks: Uint8Array[] = [];
    const res = await engine.run({ ...cftpsget((chunk) => void chunks.push(chunk.slice())), resultUrc: { match: /^\+CFTPSGET:\s*\d+$/, timeoutMs: 2000 } });
    expect(res.resultUrc).toBe('+CFTPSGET: 6');
    expect(Buffer.from(concatBytes(...chunks)).toString()).toBe('abc');
    await engine.close();
  });
});
