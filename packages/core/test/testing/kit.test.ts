import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine, AtCommandError, openModem, type ModemDriver } from '@cellftp/core';
import { printable, scriptedModem, traceTransport } from '@cellftp/core/testing';

afterEach(() => vi.useRealTimers());

describe('@cellftp/core/testing: scripted modem', () => {
  it('answers exact written bytes from the script, with pauses, and ERROR for anything unknown', async () => {
    vi.useFakeTimers();
    const { transport, modem } = scriptedModem([
      { expect: 'AT+CGMM\r', reply: ['\r\nEC25\r\n', { pauseMs: 500 }, '\r\nOK\r\n'] },
      { expect: 'AT+CSQ\r', reply: '\r\n+CSQ: 20,99\r\n\r\nOK\r\n', once: true },
    ]);
    const engine = new AtEngine(transport);
    let done = false;
    const cgmm = engine.run({ text: 'AT+CGMM', claims: [(l) => !l.startsWith('+')] }).then((r) => ((done = true), r));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(cgmm).resolves.toMatchObject({ lines: ['EC25'], final: 'OK' });
    await expect(engine.run({ text: 'AT+CSQ', claims: ['+CSQ:'] })).resolves.toMatchObject({ lines: ['+CSQ: 20,99'] });
    expect(modem.finished).toBe(true);
    // A once-entry is used up: the same bytes are now unknown.
    const again = await engine.run({ text: 'AT+CSQ' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AtCommandError);
    expect(again).toMatchObject({ final: 'ERROR' });
    expect(modem.writtenText).toBe('AT+CGMM\rAT+CSQ\rAT+CSQ\r');
    expect(modem.commands).toEqual(['AT+CGMM', 'AT+CSQ', 'AT+CSQ']);
  });

  it('matches raw bytes without a CR (+++, payloads) and waits for the rest of a partial match', async () => {
    const { transport, modem } = scriptedModem([{ expect: Uint8Array.of(0x01, 0x02, 0x03, 0x03), reply: '\r\nOK\r\n' }]);
    const replies: Uint8Array[] = [];
    transport.data$.subscribe((b) => replies.push(b));
    await transport.write(Uint8Array.of(0x01, 0x02));
    await new Promise((r) => setTimeout(r, 2));
    expect(replies).toEqual([]);
    await transport.write(Uint8Array.of(0x03, 0x03));
    await new Promise((r) => setTimeout(r, 2));
    expect(Buffer.concat(replies).toString('latin1')).toBe('\r\nOK\r\n');
    expect(modem.written).toEqual([1, 2, 3, 3]);
  });

  it('is openModem-ready: a new driver gets a first test green with no virtual modem', async () => {
    const { transport, modem } = scriptedModem([
      { expect: 'AT\r', reply: 'AT\r\r\nOK\r\n' },
      { expect: 'ATE0\r', reply: 'ATE0\r\r\nOK\r\n' },
      { expect: 'ATI\r', reply: '\r\nAcme\r\nX1\r\nRevision: 1.0\r\n\r\nOK\r\n' },
      { expect: 'AT+CGMI\r', reply: '\r\nAcme\r\n\r\nOK\r\n' },
      { expect: 'AT+CGMM\r', reply: '\r\nX1\r\n\r\nOK\r\n' },
      { expect: 'AT+CGMR\r', reply: '\r\nRevision: 1.0\r\n\r\nOK\r\n' },
      { expect: 'AT+ACMEINIT\r', reply: '\r\nOK\r\n' },
    ]);
    const driver: ModemDriver = {
      vendor: 'acme',
      matches: (id) => id.manufacturer === 'Acme',
      attach: async (engine) => {
        await engine.run({ text: 'AT+ACMEINIT' });
        return { connect: async () => undefined, openFtp: async () => Promise.reject(new Error('not yet')) };
      },
    };
    const opened = await openModem({ transport, drivers: [driver] });
    expect(opened.info).toEqual({ vendor: 'acme', manufacturer: 'Acme', model: 'X1', revision: '1.0' });
    expect(modem.commands).toEqual(['AT', 'ATE0', 'ATI', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT+ACMEINIT']);
    await opened.close();
  });
});

describe('@cellftp/core/testing: trace decorator', () => {
  it('records every byte in and out, timestamped, and formats non-printables as hex', async () => {
    vi.useFakeTimers();
    const { transport } = scriptedModem([{ expect: 'AT\r', reply: ['\r\nOK\r\n', { pauseMs: 30 }, Uint8Array.of(0x03, 0x10, 0xff)] }]);
    const t0 = Date.now();
    const traced = traceTransport(transport);
    const engine = new AtEngine(traced);
    await engine.run({ text: 'AT' });
    await vi.advanceTimersByTimeAsync(30);
    expect(traced.records.map((r) => [r.dir, r.at - t0, printable(r.bytes)])).toEqual([
      ['tx', 0, 'AT\\r'],
      ['rx', 0, '\\r\\nOK\\r\\n'],
      ['rx', 30, '\\x03\\x10\\xff'],
    ]);
    expect(Buffer.from(traced.written()).toString('latin1')).toBe('AT\r');
    expect(traced.format()).toBe('+0 tx AT\\r\n+0 rx \\r\\nOK\\r\\n\n+30 rx \\x03\\x10\\xff');
    traced.clear();
    expect(traced.records).toEqual([]);
  });
});
