/**
 * Command table, ranges, identification, state rules and timing of the
 * SIM7080G model, driven directly (fake FTP backend, fake timers where time matters).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FtpBackendError, type FtpBackend } from '../src/backend/index.js';
import { parseAtCommand } from '../src/common/at-parse.js';
import { stuff, unstuffer } from '../src/sim7080/index.js';
import { ERROR, Host, OK } from './sim7080-harness.js';

/** A backend whose download hands out `data` when `release()` is called. */
function fakeBackend(data: Buffer): { factory: () => FtpBackend; release: () => void } {
  let release = (): void => undefined;
  const backend = {
    connected: true,
    connect: async () => undefined,
    close: async () => undefined,
    size: async () => {
      throw new FtpBackendError({ kind: 'server', reply: 550, message: 'no' });
    },
    download: (_path: string, sink: (c: Buffer) => void | Promise<void>) => ({
      done: new Promise<number>((resolve) => {
        release = () => void Promise.resolve(sink(data)).then(() => resolve(data.length));
      }),
      abort: () => undefined,
    }),
  } as unknown as FtpBackend;
  return { factory: () => backend, release: () => release() };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AT line parsing', () => {
  it('splits forms and quoted arguments', () => {
    expect(parseAtCommand('AT+FTPSERV="a,b"')).toEqual({ raw: 'AT+FTPSERV="a,b"', name: '+FTPSERV', form: 'write', args: [{ text: 'a,b', quoted: true }] });
    expect(parseAtCommand('at+ftpget=2,1024')?.args.map((a) => a?.text)).toEqual(['2', '1024']);
    expect(parseAtCommand('AT+FTPMODE?')?.form).toBe('read');
    expect(parseAtCommand('AT+FTPMODE=?')?.form).toBe('test');
    expect(parseAtCommand('ATE0')).toMatchObject({ name: 'E', args: [{ text: '0', quoted: false }] });
    expect(parseAtCommand('hello')).toBeUndefined();
    // An open quote or text after a closing one is a syntax error on both vendors' parsers.
    expect(parseAtCommand('AT+FTPSERV="a')).toBeUndefined();
    expect(parseAtCommand('AT+FTPSERV="a"b')).toBeUndefined();
  });
});

describe('DLE/ETX', () => {
  it('stuffs and un-stuffs across chunk boundaries', () => {
    const payload = Buffer.from([1, 3, 16, 3, 16, 16, 2]);
    // Pinned to the manual's rule (§15.2.24–25: ETX and DLE travel as DLE ETX / DLE DLE), not to core's
    // escapeDle that `stuff` now is, so the test bed cannot share a host-side stuffing bug.
    expect(Buffer.from(stuff(payload))).toEqual(Buffer.from([1, 16, 3, 16, 16, 16, 3, 16, 16, 16, 16, 2]));
    const wire = Buffer.concat([stuff(payload), Buffer.from([3, 0x41])]);
    const u = unstuffer();
    const out: number[] = [];
    let end = -1;
    for (let i = 0; i < wire.length && end < 0; i++) {
      const r = u.push(wire.subarray(i, i + 1));
      out.push(...r.data);
      if (r.ended) end = i;
    }
    expect(Buffer.from(out)).toEqual(payload);
    expect(end).toBe(wire.length - 2);
  });
});

describe('identification and basics', () => {
  it('answers as the manual shows', async () => {
    const host = new Host();
    host.model.start();
    expect((await host.until('SMS Ready\r\n')).toString()).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n');
    expect(await host.at('AT')).toBe('AT\r' + OK);
    expect(await host.at('ATE0')).toBe('ATE0\r' + OK);
    expect(await host.at('ATI')).toBe('\r\nR1951.01\r\n' + OK);
    expect(await host.at('AT+CGMI')).toBe('\r\nSIMCOM_Ltd\r\n' + OK);
    expect(await host.at('AT+CGMM')).toBe('\r\nSIMCOM_SIM7080\r\n' + OK);
    expect(await host.at('AT+GMM')).toBe('\r\nSIMCOM_SIM7080G\r\n' + OK);
    expect(await host.at('AT+CGMR')).toBe('\r\nRevision:1951B02SIM7080\r\n' + OK);
    expect(await host.at('AT+GMR')).toBe('\r\nRevision:1951B01SIM7080G\r\n' + OK);
    expect(await host.at('AT+CEREG?')).toBe('\r\n+CEREG: 0,1\r\n' + OK);
    expect(await host.at('AT+BOGUS')).toBe(ERROR);
    expect(await host.at('AT+CMEE=2')).toBe(OK);
    expect(await host.at('AT+FTPPORT=0')).toBe('\r\n+CME ERROR: Incorrect parameters\r\n');
    expect(await host.at('AT+CMEE=1')).toBe(OK);
    expect(await host.at('AT+FTPGET=2,10')).toBe('\r\n+CME ERROR: 3\r\n');
    expect(await host.at('AT+BOGUS')).toBe(ERROR);
  });
});

describe('FTP parameter commands (§15.2.1–15.2.13, 15.2.29)', () => {
  const cases: Array<[string, string, string]> = [
    ['+FTPPORT', '(1-65535)', '21'],
    ['+FTPMODE', '(0,1)', '1'],
    ['+FTPTYPE', '("A","I")', '"I"'],
    ['+FTPPUTOPT', '("APPE","STOU","STOR")', '"STOR"'],
    ['+FTPCID', '(0-3)', '1'],
    ['+FTPREST', '(0-4294967295)', '0'],
    ['+FTPSERV', '(0-49)', '""'],
    ['+FTPUN', '49', '""'],
    ['+FTPPW', '49', '""'],
    ['+FTPGETNAME', '64', '""'],
    ['+FTPGETPATH', '255', '""'],
    ['+FTPPUTNAME', '64', '""'],
    ['+FTPPUTPATH', '255', '""'],
  ];
  it.each(cases)('%s test and read forms', async (name, test, read) => {
    const host = new Host();
    await host.at('ATE0');
    expect(await host.at(`AT${name}=?`)).toBe(`\r\n${name}: ${test}\r\n` + OK);
    expect(await host.at(`AT${name}?`)).toBe(`\r\n${name}: ${read}\r\n` + OK);
  });

  it('enforces ranges and lengths', async () => {
    const host = new Host();
    await host.at('ATE0');
    expect(await host.at('AT+FTPPORT=65535')).toBe(OK);
    expect(await host.at('AT+FTPPORT=65536')).toBe(ERROR);
    expect(await host.at('AT+FTPMODE=2')).toBe(ERROR);
    expect(await host.at('AT+FTPTYPE="B"')).toBe(ERROR);
    expect(await host.at('AT+FTPTYPE="A"')).toBe(OK);
    expect(await host.at('AT+FTPCID=4')).toBe(ERROR);
    expect(await host.at('AT+FTPREST=4294967295')).toBe(OK);
    expect(await host.at('AT+FTPREST=4294967296')).toBe(ERROR);
    expect(await host.at(`AT+FTPSERV="${'a'.repeat(49)}"`)).toBe(OK);
    expect(await host.at(`AT+FTPSERV="${'a'.repeat(50)}"`)).toBe(ERROR);
    expect(await host.at(`AT+FTPPW="${'p'.repeat(50)}"`)).toBe(ERROR);
    expect(await host.at(`AT+FTPGETNAME="${'n'.repeat(64)}"`)).toBe(OK);
    expect(await host.at(`AT+FTPGETNAME="${'n'.repeat(65)}"`)).toBe(ERROR);
    expect(await host.at(`AT+FTPPUTPATH="/${'d'.repeat(254)}"`)).toBe(OK);
    expect(await host.at(`AT+FTPPUTPATH="/${'d'.repeat(255)}"`)).toBe(ERROR);
    expect(await host.at('AT+FTPPUTOPT="APPE"')).toBe(OK);
    expect(await host.at('AT+FTPPUTOPT?')).toBe('\r\n+FTPPUTOPT: "APPE"\r\n' + OK);
    expect(await host.at('AT+FTPSSL=?')).toBe('\r\n+FTPSSL: (0-2),(0-5),50,50\r\n' + OK);
    expect(await host.at('AT+FTPSSL?')).toBe('\r\n+FTPSSL: 0,0,"",""\r\n' + OK);
    expect(await host.at('AT+FTPSSL=2,0,"ftpca.crt","ftpclient.crt"')).toBe(OK);
    expect(await host.at('AT+FTPSSL=3,0,"",""')).toBe(ERROR);
    expect(await host.at('AT+FTPGET=?')).toBe('\r\n+FTPGET: (1,2),(1-1460)\r\n' + OK);
    expect(await host.at('AT+FTPPUT=?')).toBe('\r\n+FTPPUT: (1,2),1460,(1-1460)\r\n' + OK);
    expect(await host.at('AT+FTPLIST=?')).toBe('\r\n+FTPLIST: (1,2),(1-1460)\r\n' + OK);
    expect(await host.at('AT+FTPEXTGET=?')).toBe('\r\n+FTPEXTGET: (0-3),(0-3),50\r\n' + OK);
    expect(await host.at('AT+FTPEXTGET?')).toBe('\r\n+FTPEXTGET: 0,0\r\n' + OK);
    expect(await host.at('AT+FTPEXTGET=2')).toBe(ERROR);
    expect(await host.at('AT+FTPETPUT=?')).toBe('\r\n+FTPETPUT: (1,2)\r\n' + OK);
    expect(await host.at('AT+FTPETGET=?')).toBe('\r\n+FTPETGET: 1\r\n' + OK);
    expect(await host.at('AT+FTPSTATE=?')).toBe('\r\n+FTPSTATE: (0,1)\r\n' + OK);
    expect(await host.at('AT+FTPTOFSST=?')).toBe('\r\n+FTPTOFSST: (0,1),(0-5800000)\r\n' + OK);
    expect(await host.at('AT+FTPEXTPUT=2,0,327681,1000')).toBe(ERROR);
    expect(await host.at('AT+FTPEXTPUT=2,0,10,999')).toBe(ERROR);
    expect(await host.at('AT+CNACT=?')).toBe('\r\n+CNACT: (0-3),(0-2)\r\n' + OK);
  });

  it('loses every parameter on reboot (NO_SAVE)', async () => {
    const host = new Host({ rebootAfterCommands: 3 });
    await host.at('ATE0');
    await host.at('AT+FTPPORT=2121');
    host.send('AT+FTPGETNAME="a"\r');
    await host.until('SMS Ready\r\n');
    expect(await host.at('AT+FTPPORT?')).toBe('AT+FTPPORT?\r\r\n+FTPPORT: 21\r\n' + OK);
  });
});

describe('FTPGET state rules and timing (fake backend, fake timers)', () => {
  it('repeats +FTPGET: 1,1 while data is unread, then times out with 64', async () => {
    vi.useFakeTimers();
    const fake = fakeBackend(Buffer.from('hello'));
    const host = new Host({}, { backendFactory: fake.factory, tuning: { dataReminderMs: 1000, readIdleTimeoutMs: 5000 } });
    host.send('ATE0\rAT+FTPCID=0\rAT+CNACT=0,1\rAT+FTPSERV="ftp.example"\rAT+FTPGETNAME="f"\r');
    await vi.advanceTimersByTimeAsync(10);
    host.cursor = host.output.length;
    host.send('AT+FTPGET=1\r');
    await vi.advanceTimersByTimeAsync(1);
    expect(host.unread.toString()).toBe(OK);
    host.send('AT+FTPGET=2,10\r');
    expect(host.unread.toString()).toBe(OK + ERROR);
    fake.release();
    await vi.advanceTimersByTimeAsync(1);
    expect(host.unread.toString()).toBe(OK + ERROR + '\r\n+FTPGET: 1,1\r\n');
    await vi.advanceTimersByTimeAsync(3000);
    expect(host.unread.toString().split('+FTPGET: 1,1').length - 1).toBe(4);
    await vi.advanceTimersByTimeAsync(2000);
    expect(host.unread.toString().endsWith('\r\n+FTPGET: 1,64\r\n')).toBe(true);
    host.cursor = host.output.length;
    host.send('AT+FTPGET=2,10\r');
    expect(host.unread.toString()).toBe(ERROR);
  });

  it('answers +FTPGET: 2,0 when nothing is buffered and 66 to a second operation', async () => {
    vi.useFakeTimers();
    const fake = fakeBackend(Buffer.from('abc'));
    const host = new Host({}, { backendFactory: fake.factory });
    host.send('ATE0\rAT+FTPCID=0\rAT+CNACT=0,1\rAT+FTPSERV="ftp.example"\rAT+FTPGETNAME="f"\r');
    await vi.advanceTimersByTimeAsync(10);
    host.send('AT+FTPGET=1\r');
    await vi.advanceTimersByTimeAsync(1);
    fake.release();
    await vi.advanceTimersByTimeAsync(1);
    host.cursor = host.output.length;
    host.send('AT+FTPSIZE\r');
    expect(host.unread.toString()).toBe(OK + '\r\n+FTPSIZE: 1,66,0\r\n');
    host.send('AT+FTPSTATE\r');
    host.send('AT+FTPGET=2,2\r');
    host.send('AT+FTPGET=2,1461\r');
    host.send('AT+FTPGET=2,5\r');
    expect(host.unread.toString()).toBe(
      OK + '\r\n+FTPSIZE: 1,66,0\r\n' + '\r\n+FTPSTATE: 1\r\n' + OK + '\r\n+FTPGET: 2,2\r\nab' + OK + ERROR +
        '\r\n+FTPGET: 2,1\r\nc' + OK + '\r\n+FTPGET: 1,0\r\n',
    );
  });

  it('reports 61 when the FTPCID bearer is not active', async () => {
    const host = new Host();
    await host.at('ATE0');
    await host.at('AT+FTPSERV="127.0.0.1"');
    await host.at('AT+FTPGETNAME="x"');
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    expect((await host.until('+FTPGET: 1,61\r\n')).toString()).toBe('\r\n+FTPGET: 1,61\r\n');
  });
});
