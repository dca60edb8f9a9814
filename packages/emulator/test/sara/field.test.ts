/**
 * Restarts (AT+CFUN=16 on SARA-R5, AT+CFUN=15 on SARA-R4, AT+CFUN=1,1 on
 * both, the reboot fault), the PDP loss fault, seeded field noise around
 * (never inside) the length-framed payloads, latency, and the line rate.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SARA_NETWORK } from '../../src/sara/dialect.js';
import { startVirtualModem } from '../../src/start.js';
import { AtHost } from '../support/at-host.js';
import { sha } from '../support/bytes.js';
import { FakeClock } from '../support/fake-clock.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { bearer, line, login, OK, op, Rig, SARA_MODELS } from './rig.js';

let server: RunningTestFtpServer;
const big = Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 37 + (i >> 9)) & 0xff));
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'big.bin'), big);
  for (let i = 0; i < 30; i++) await writeFile(join(server.root, `n${i}.txt`), 'x');
});
afterAll(async () => {
  await server.stop();
});
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

let rig: Rig;
afterEach(async () => {
  await rig?.model.close();
});

describe.each(SARA_MODELS)('%s restarts and faults', (model) => {
  const reset = model === 'SARA-R5' ? 'AT+CFUN=16' : 'AT+CFUN=15';

  it(`${reset} and AT+CFUN=1,1: OK, then deaf and silent for the boot time (no start-up line), then echo on, profile and login gone, flash kept`, async () => {
    for (const command of [reset, 'AT+CFUN=1,1']) {
      const clock = new FakeClock();
      rig = new Rig(model, { clock });
      await rig.boot();
      await rig.at('AT+UDWNFILE="keep",4', '>');
      rig.write('keep');
      await rig.take(OK);
      await login(rig, model, server, clock);
      expect(await rig.at(command)).toBe(OK);
      // The restart logs out of the server (real sockets) before the boot time starts.
      await settle();
      rig.write('AT\r');
      clock.advance(1999);
      await settle();
      expect(rig.rest).toBe('');
      clock.advance(1);
      expect(await rig.at('AT')).toBe(`AT\r${OK}`);
      await rig.at('ATE0');
      expect(await rig.at('AT+UFTP?')).toContain('\r\n+UFTP: 0,""\r\n+UFTP: 1,""\r\n+UFTP: 2,""\r\n');
      expect(await op(rig, 'AT+UFTPC=8,"/"')).toBe(OK + line('+UUFTPCR: 8,0'));
      expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,33') + OK);
      expect(await rig.at('AT+ULSTFILE=0')).toBe(line('+ULSTFILE: "keep"') + OK);
      await rig.model.close();
    }
  });

  it('AT+CFUN=? lists the member\'s values; the other member\'s reset value is refused', async () => {
    rig = new Rig(model);
    await rig.boot();
    await rig.at('AT+CMEE=1');
    expect(await rig.at('AT+CFUN=?')).toBe(line(model === 'SARA-R5' ? '+CFUN: (0,1,4,16),(0-1)' : '+CFUN: (0,1,4,15),(0-1)') + OK);
    const other = model === 'SARA-R5' ? 'AT+CFUN=15' : 'AT+CFUN=16';
    expect(await rig.at(other, 'ERROR: 50\r\n')).toBe('\r\n+CME ERROR: 50\r\n');
    expect(await rig.at('AT+CFUN=4')).toBe(OK);
    expect(await rig.at('AT+CFUN?')).toBe(line('+CFUN: 4') + OK);
  });

  it('the reboot fault during a download drops it without a word; the module answers after the boot time', async () => {
    const clock = new FakeClock();
    rig = new Rig(model, { clock, timing: { restartMs: 500 } });
    await rig.boot();
    await login(rig, model, server, clock);
    rig.faults.rebootAfterCommands = 1;
    rig.write('AT+UFTPC=4,"big.bin","b"\r');
    await rig.take(OK);
    await settle();
    clock.advance(500);
    await settle();
    expect(rig.rest).toBe('');
    expect(await rig.at('AT')).toBe(`AT\r${OK}`);
  });

  it('the PDP loss fault: the bearer goes, the login with it; FTP needs the bearer again', async () => {
    const clock = new FakeClock();
    rig = new Rig(model, { clock });
    await rig.boot();
    await login(rig, model, server, clock);
    rig.faults.pdpLossAfterCommands = 1;
    const lost = model === 'SARA-R5' ? line('+CGEV: NW PDN DEACT 1') + line('+UUPSDD: 0') : line('+CGEV: NW PDN DEACT 1');
    expect(await rig.at('AT', lost.slice(-8))).toBe(OK + lost);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,12') + OK);
    if (model === 'SARA-R5') {
      await rig.at('AT+CGACT=1,1');
      await bearer(rig, model, clock);
    } else await rig.at('AT+CGACT=1,1');
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,1'));
  });
});

describe.each(SARA_MODELS)('%s field noise', (model) => {
  const network = model === 'SARA-R5' ? [...SARA_NETWORK, '+UUPSDA: 0,"10.80.12.1"'] : [...SARA_NETWORK];

  it('seeded network lines land between frames and inside answers, never inside a +UUFTPCD or +URDBLOCK payload', async () => {
    rig = new Rig(model, { field: { seed: 4, urcRate: 0.4, inAnswers: true }, timing: { frameBytes: 200 } });
    await rig.boot();
    await login(rig, model, server);
    let seen = 0;
    /** Reads one line, or a `+XXX: …,<n>,"<n bytes>"` frame (`body`); network lines are counted and skipped. */
    const next = async (): Promise<{ text: string; body?: Buffer }> => {
      for (;;) {
        expect((await rig.bytes(2)).toString('latin1')).toBe('\r\n');
        const framed = /^(\+UUFTPCD|\+URDBLOCK)/.test(rig.rest);
        const head = (await rig.take(framed ? '"' : '\r\n')).toString('latin1');
        if (framed) {
          // The header's quote is the third for +URDBLOCK ("<name>",<n>,"), the first for +UUFTPCD.
          const full = head.startsWith('+URDBLOCK') ? head + (await rig.take('"')).toString('latin1') + (await rig.take('"')).toString('latin1') : head;
          const body = await rig.bytes(Number(/,(\d+),"$/.exec(full)?.[1]));
          expect((await rig.bytes(3)).toString('latin1')).toBe('"\r\n');
          return { text: full, body };
        }
        const text = head.slice(0, -2);
        if (!network.includes(text)) return { text };
        seen++;
      }
    };
    rig.write('AT+UFTPC=13\r');
    const listing: Buffer[] = [];
    for (let l = await next(); l.text !== '+UUFTPCR: 13,1'; l = await next()) if (l.body) listing.push(l.body);
    expect(listing.length).toBeGreaterThan(1);
    expect(Buffer.concat(listing).toString('latin1').split('\r\n').filter((l) => /n\d+\.txt$/.test(l))).toHaveLength(30);
    rig.write('AT+UFTPC=4,"big.bin","b"\r');
    for (let l = await next(); l.text !== '+UUFTPCR: 4,1'; l = await next()) expect(l.text).toBe('OK');
    const parts: Buffer[] = [];
    for (let at = 0; at < big.length; at += 50_000) {
      rig.write(`AT+URDBLOCK="b",${at},50000\r`);
      const frame = await next();
      expect(frame.text).toBe(`+URDBLOCK: "b",50000,"`);
      parts.push(frame.body as Buffer);
      expect((await next()).text).toBe('OK');
    }
    expect(sha(Buffer.concat(parts))).toBe(sha(big));
    expect(seen).toBeGreaterThan(0);
  });
});

describe.each(SARA_MODELS)('%s line rate', (model) => {
  it('a 150 kB +URDBLOCK read at 921600 baud is paced at the line rate', async () => {
    const vm = await startVirtualModem({ model, baudRate: 921_600 });
    const host = new AtHost(vm.transport!);
    try {
      await host.cmd('ATE0');
      await host.write('AT+UDWNFILE="p",150000\r');
      await host.until('\r\n>');
      await host.write(big);
      await host.until('\r\nOK\r\n', 10_000);
      const t0 = Date.now();
      await host.write('AT+URDBLOCK="p",0,150000\r');
      const wire = await host.until(`"\r\n\r\nOK\r\n`, 10_000);
      const seconds = (Date.now() - t0) / 1000;
      const lineTime = (wire.length * 10) / 921_600;
      expect(sha(wire.subarray(wire.indexOf('"', 20) + 1, wire.length - 9))).toBe(sha(big));
      expect(seconds).toBeGreaterThan(lineTime * 0.85);
      expect(seconds).toBeLessThan(lineTime * 2 + 0.5);
    } finally {
      await vm.close();
    }
  });
});

describe('SARA-R5 direct link line rate', () => {
  it('a 150 kB AT+UFTPC=6 download at 921600 baud runs at the line rate', async () => {
    const vm = await startVirtualModem({ model: 'SARA-R5', baudRate: 921_600 });
    const host = new AtHost(vm.transport!);
    try {
      await host.cmd('ATE0');
      for (const c of ['AT+UPSDA=0,3', 'AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${server.port}`, `AT+UFTP=2,"${server.user}"`, `AT+UFTP=3,"${server.password}"`, 'AT+UFTP=6,1']) await host.cmd(c);
      await host.cmd('AT+UFTPC=1', '+UUFTPCR: 1,1');
      const t0 = Date.now();
      await host.write('AT+UFTPC=6,"big.bin"\r');
      await host.until('\r\nCONNECT\r\n');
      while (host.pending().length < big.length && Date.now() - t0 < 10_000) await host.sleep(10);
      const got = Buffer.from(host.pending().slice(0, big.length), 'latin1');
      const seconds = (Date.now() - t0) / 1000;
      const lineTime = (big.length * 10) / 921_600;
      expect(sha(got)).toBe(sha(big));
      expect(seconds).toBeGreaterThan(lineTime * 0.85);
      expect(seconds).toBeLessThan(lineTime * 1.5 + 0.5);
      await host.sleep(1100);
      await host.write('+++');
      expect((await host.until('+UUFTPCR: 6,1\r\n', 5000)).subarray(big.length).toString('latin1')).toBe('\r\nDISCONNECT\r\n\r\nOK\r\n\r\n+UUFTPCR: 6,1\r\n');
    } finally {
      await vm.close();
    }
  });
});
