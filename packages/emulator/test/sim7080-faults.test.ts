/**
 * FaultPlan faults as the SIM7080G reports them, with a real FTP server
 * (ftp-srv) behind the model. Codes follow docs/emulator-sim7080g.md.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultPlan } from '../src/faults.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';
import { connectTo, Host, OK } from './sim7080-harness.js';

let server: RunningTestFtpServer;
let host: Host | undefined;

beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'f.bin'), Buffer.alloc(100_000, 0x61));
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await host?.model.close();
});

async function getWith(faults: FaultPlan, name = 'f.bin'): Promise<Host> {
  host = new Host(faults);
  await connectTo(host, server);
  await host.at(`AT+FTPGETNAME="${name}"`);
  await host.at('AT+FTPGETPATH="/"');
  expect(await host.at('AT+FTPGET=1')).toBe(OK);
  return host;
}

describe('network faults', () => {
  it.each<[string, FaultPlan, string, number]>([
    ['DNS failure → 62', { dnsFailure: true }, 'f.bin', 62],
    ['login refused → 72', { refuseLogin: true }, 'f.bin', 72],
    ['data connection refused → 75', { refuseDataConnection: true }, 'f.bin', 75],
    ['file missing → 77', {}, 'missing.bin', 77],
  ])('%s', async (_label, faults, name, code) => {
    const h = await getWith(faults, name);
    expect((await h.until(`+FTPGET: 1,${code}\r\n`, 10_000)).toString()).toBe(`\r\n+FTPGET: 1,${code}\r\n`);
  });

  it('connection refused → 63', async () => {
    host = new Host();
    await connectTo(host, { ...server, port: 1 });
    await host.at('AT+FTPGETNAME="f.bin"');
    await host.at('AT+FTPGET=1');
    expect((await host.until('+FTPGET: 1,63\r\n')).toString()).toBe('\r\n+FTPGET: 1,63\r\n');
  });

  it('data connection cut mid-transfer → 79 after the data already announced', async () => {
    const h = await getWith({ closeDataAfterBytes: 5000 });
    await h.until('\r\n+FTPGET: 1,1\r\n');
    const text = (await h.until('+FTPGET: 1,79\r\n', 10_000)).toString();
    expect(text.endsWith('\r\n+FTPGET: 1,79\r\n')).toBe(true);
  });
});

describe('URC and line faults', () => {
  it('a dropped URC never arrives; a delayed one arrives later', async () => {
    await writeFile(join(server.root, 's.txt'), 'abc');
    host = new Host({ dropUrc: { prefix: '+FTPSIZE' } });
    await connectTo(host, server);
    await host.at('AT+FTPGETNAME="s.txt"');
    expect(await host.at('AT+FTPSIZE')).toBe(OK);
    await host.settle(300);
    expect(host.unread.toString()).toBe('');
    host.faults.dropUrc = undefined;
    host.faults.delayUrc = { prefix: '+FTPSIZE', ms: 200 };
    await host.at('AT+FTPSIZE');
    const started = Date.now();
    await host.until('\r\n+FTPSIZE: 1,0,3\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('injects unsolicited lines only between frames, reproducibly per seed', async () => {
    host = new Host({ injectLines: { lines: ['+CEREG: 1,"1A2B","01A2B3C4",9', '+APP PDP: 0,DEACTIVE'], seed: 7, probability: 1 } });
    await host.at('ATE0');
    const reply = await host.at('ATI');
    expect(reply).toMatch(/^\r\n(\+CEREG: 1,"1A2B","01A2B3C4",9|\+APP PDP: 0,DEACTIVE)\r\n\r\nR1951\.01\r\n\r\nOK\r\n$/);
  });

  it('garbage bytes never split a response', async () => {
    host = new Host({ injectGarbage: { seed: 3, probability: 1 } });
    await host.at('ATE0');
    const reply = await host.at('AT+CGMM');
    expect(reply).toMatch(/\r\nSIMCOM_SIM7080\r\n\r\nOK\r\n$/);
    expect(reply.length).toBeGreaterThan('\r\nSIMCOM_SIM7080\r\n\r\nOK\r\n'.length);
  });

  it('goes silent after N commands', async () => {
    host = new Host({ silentAfterCommands: 2 });
    await host.at('ATE0');
    await host.at('AT');
    host.send('AT\r');
    await host.settle(100);
    expect(host.unread.length).toBe(0);
    // Lifting the fault ends the silence: the next command is answered.
    delete host.faults.silentAfterCommands;
    expect(await host.at('AT')).toBe('\r\nOK\r\n');
  });

  it('bearer loss mid-GET → +APP PDP: 0,DEACTIVE and +FTPGET: 1,61', async () => {
    host = new Host();
    await connectTo(host, server);
    await host.at('AT+FTPGETNAME="f.bin"');
    await host.at('AT+FTPGET=1');
    await host.until('\r\n+FTPGET: 1,1\r\n');
    host.faults.pdpLossAfterCommands = 0;
    const reply = await host.at('AT');
    expect(reply).toBe(OK);
    expect((await host.until('+FTPGET: 1,61\r\n')).toString()).toMatch(/\r\n\+APP PDP: 0,DEACTIVE\r\n(\r\n\+FTPGET: 1,1\r\n)*\r\n\+FTPGET: 1,61\r\n$/);
  });

  it('reboots mid-session: RDY and no further URCs of the lost session', async () => {
    host = new Host();
    await connectTo(host, server);
    await host.at('AT+FTPGETNAME="f.bin"');
    await host.at('AT+FTPGET=1');
    await host.until('\r\n+FTPGET: 1,1\r\n');
    host.faults.rebootAfterCommands = 0;
    host.send('AT\r');
    await host.until('\r\nRDY\r\n');
    await host.until('SMS Ready\r\n');
    await host.settle(200);
    expect(host.unread.toString()).not.toContain('+FTPGET');
    expect(await host.at('AT+FTPSTATE')).toBe('AT+FTPSTATE\r\r\n+FTPSTATE: 0\r\n' + OK);
  });
});
