/**
 * Firmware variants (registry in src/models.ts, each with its source), the
 * field behaviours on a frame stream, the reboot fault, and the line rate.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualModem } from '../../src/start.js';
import { CFTPS_NETWORK } from '../../src/cftps/shared-dialect.js';
import { AtHost } from '../support/at-host.js';
import { FakeClock } from '../support/fake-clock.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { readFrames, Rig, type CftpsModelName } from './rig.js';

let server: RunningTestFtpServer;
const big = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31 + (i >> 7)) & 0xff));
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'three.txt'), '321');
  await writeFile(join(server.root, 'big.bin'), big);
});
afterAll(async () => {
  await server.stop();
});

const line = (text: string): string => `\r\n${text}\r\n`;
const OK = line('OK');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
let rig: Rig;
afterEach(async () => {
  await rig?.model.close();
});

const start = async (model: CftpsModelName, variants: string[]): Promise<Rig> => {
  rig = new Rig(model, { variants: new Set(variants) });
  await rig.boot();
  return rig;
};

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s variants', (model) => {
  it('no-space: +CFTPSGET:DATA,<len> (M-MAN) and +CFTPSSIZE:<n> (S-AN)', async () => {
    await start(model, ['no-space']);
    // Every +CFTPS result line loses the space, START and LOGIN too.
    expect(await rig.at('AT+CFTPSSTART', '+CFTPSSTART:0\r\n')).toBe(OK + line('+CFTPSSTART:0'));
    await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN:0\r\n');
    expect(await rig.at('AT+CFTPSSIZE="three.txt"', '+CFTPSSIZE:3\r\n')).toBe(OK + line('+CFTPSSIZE:3'));
    expect(await rig.at('AT+CFTPSGET="three.txt"', '+CFTPSGET:0\r\n')).toBe(`${OK}\r\n+CFTPSGET:DATA,3\r\n321\r\n+CFTPSGET:0\r\n`);
  });

  it('prompt-space: the upload prompt is "> "', async () => {
    await start(model, ['prompt-space']);
    await rig.login(server);
    expect(await rig.at('AT+CFTPSPUT="p.txt",2', '> ')).toBe('\r\n> ');
    rig.write('ok');
    await rig.take('+CFTPSPUT: 0\r\n');
  });

  it('the reboot fault drops service, login and settings; the start-up lines come again', async () => {
    await start(model, []);
    await rig.login(server);
    rig.faults.rebootAfterCommands = 1;
    expect(await rig.at('AT', 'PB DONE\r\n')).toBe(OK + ['RDY', '+CPIN: READY', 'SMS DONE', 'PB DONE'].map(line).join(''));
    rig.write('ATE0\r');
    await rig.take(OK);
    expect(await rig.at('AT+CFTPSLOGIN?')).toBe(line('+CFTPSLOGIN: 0') + OK);
    expect(await rig.at('AT+CFTPSPWD', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
  });

  it('field behaviours: network lines come between answers and before the first frame, never inside a frame; bytes exact', async () => {
    rig = new Rig(model, { field: { seed: 11, urcRate: 0.5 } });
    rig.model.start();
    await rig.take('PB DONE\r\n', 5000).catch(() => undefined);
    await rig.at('ATE0');
    // A start-up or network line may sit between OK and a URC: the rig's waits look past it.
    await rig.login(server);
    let skipped = 0;
    for (let i = 0; i < 4; i++) {
      rig.write('AT+CFTPSGET="big.bin"\r');
      await rig.take(OK);
      const got = await readFrames(rig, '+CFTPSGET', 8000, CFTPS_NETWORK);
      expect(got.result).toBe('+CFTPSGET: 0');
      expect(sha(got.data)).toBe(sha(big));
      skipped += got.skipped;
    }
    // The noise was there (seeded): before a first frame, where a real module can print it.
    expect(skipped).toBeGreaterThan(0);
  });
});

describe('A7670E identification variants', () => {
  it('ati-manual: "Manufacturer: INCORPORATED" (A-MAN §2); cgmm-suffix: A7670E-LASE; atready: *ATREADY: 1 first', async () => {
    await start('A7670E', ['ati-manual', 'cgmm-suffix']);
    expect(await rig.at('ATI')).toMatch(/^\r\nManufacturer: INCORPORATED\r\n\r\nModel: A7670E\r\n/);
    expect(await rig.at('AT+CGMM')).toBe(line('A7670E-LASE') + OK);
    rig = new Rig('A7670E', { variants: new Set(['atready']) });
    rig.model.start();
    expect((await rig.take('PB DONE\r\n')).toString('latin1')).toBe(['*ATREADY: 1', '+CPIN: READY', 'SMS DONE', 'PB DONE'].map(line).join(''));
  });
});

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s options', (model) => {
  it('answers after latencyMs on the injected clock, not before', async () => {
    const clock = new FakeClock();
    rig = new Rig(model, { clock, latencyMs: 200 });
    rig.model.start();
    rig.write('ATE0\r');
    clock.advance(200);
    await rig.take(OK);
    rig.write('AT+CGMI\r');
    clock.advance(199);
    await new Promise((r) => setImmediate(r));
    expect(rig.rest).toBe('');
    clock.advance(1);
    expect((await rig.take(OK)).toString('latin1')).toBe(line('SIMCOM INCORPORATED') + OK);
  });
});

describe('document disagreements as variants', () => {
  it('SIM7600G urc-before-ok: LOGIN, PWD, LOGOUT print their result, then OK (S-MAN)', async () => {
    await start('SIM7600G', ['urc-before-ok']);
    await rig.at('AT+CFTPSSTART', '+CFTPSSTART: 0\r\n');
    expect(await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`)).toBe(line('+CFTPSLOGIN: 0') + OK);
    expect(await rig.at('AT+CFTPSPWD')).toBe(line('+CFTPSPWD: "/"') + OK);
    expect(await rig.at('AT+CFTPSLOGOUT')).toBe(line('+CFTPSLOGOUT: 0') + OK);
    expect(rig.rest).toBe('');
  });

  it('A7670E get-range: AT+CFTPSGET="<f>",<offset>,<len> sends exactly that range (SIMCom FTP tool)', async () => {
    await start('A7670E', ['get-range']);
    await rig.login(server);
    await rig.at('AT+CFTPSGET="big.bin",4096,4096');
    const got = await readFrames(rig, '+CFTPSGET');
    expect(got.result).toBe('+CFTPSGET: 0');
    expect(sha(got.data)).toBe(sha(big.subarray(4096, 8192)));
  });
});

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s line rate', (model) => {
  it('a 100 kB download at 921600 baud is paced at the line rate and does not stall', async () => {
    const vm = await startVirtualModem({ model, baudRate: 921_600 });
    const host = new AtHost(vm.transport!);
    try {
      await host.cmd('ATE0');
      await host.cmd('AT+CFTPSSTART', '+CFTPSSTART: 0');
      await host.cmd(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN: 0');
      await host.write('AT+CFTPSGET="big.bin"\r');
      await host.until('\r\nOK\r\n');
      const t0 = Date.now();
      const wire = await host.until('\r\n+CFTPSGET: 0\r\n', 10_000);
      const seconds = (Date.now() - t0) / 1000;
      const lineTime = (wire.length * 10) / 921_600;
      // Real time on a shared machine: the lower bound proves the pacing, the upper one only that no
      // frame waits for the line to drain completely (the exact schedule is the pacer's own test).
      expect(seconds).toBeGreaterThan(lineTime * 0.85);
      expect(seconds).toBeLessThan(lineTime * 2 + 0.5);
    } finally {
      await vm.close();
    }
  });
});
