import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtHost } from './support/at-host.js';
import { ec25Session } from './support/ec25-session.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';
import type { VirtualModem } from '../src/index.js';

describe('EC25 faults and field behaviour', () => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let host: AtHost;
  const open = async (): Promise<string> => host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: ');

  beforeAll(async () => {
    server = await startTestFtpServer();
    ({ vm, host } = await ec25Session(server));
  });
  afterAll(async () => {
    await vm.close();
    await server.stop();
  });

  it('login refused → +QFTPOPEN: 625,530; DNS failure → 604,0', async () => {
    vm.faults.refuseLogin = true;
    expect(await open()).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 625,530\r\n');
    vm.faults.refuseLogin = false;
    vm.faults.dnsFailure = true;
    expect(await open()).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 604,0\r\n');
    vm.faults.dnsFailure = false;
    expect(await open()).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 0,0\r\n');
  });

  it('a refused data connection gives 615, then 603 for a while, then works again', async () => {
    vm.faults.refuseDataConnection = true;
    expect(await host.cmdLine('AT+QFTPLIST="."', '+QFTPLIST: ')).toBe('\r\n+QFTPLIST: 615,0\r\n');
    vm.faults.refuseDataConnection = false;
    expect(await host.cmd('AT+QFTPSIZE="x"', '+CME ERROR: 603')).toBe('\r\n+CME ERROR: 603\r\n');
    await host.sleep(350);
    expect(await host.cmdLine('AT+QFTPSIZE="missing"', '+QFTPSIZE: ')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 627,550\r\n');
  });

  it('a data connection cut mid-download ends data mode with OK and 607', async () => {
    writeFileSync(join(server.root, 'big.bin'), randomBytes(300_000));
    vm.faults.closeDataAfterBytes = 20_000;
    await host.write('AT+QFTPGET="big.bin","COM:"\r');
    const text = (await host.until('+QFTPGET: 607,0\r\n', 10_000)).toString('latin1');
    vm.faults.closeDataAfterBytes = undefined;
    expect(text.startsWith('\r\nCONNECT\r\n')).toBe(true);
    expect(text.endsWith('\r\nOK\r\n\r\n+QFTPGET: 607,0\r\n')).toBe(true);
    expect(await host.cmdLine('AT+QFTPSIZE="big.bin"', '+QFTPSIZE: ')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 0,300000\r\n');
  });

  it('+++ during a COM: download aborts it: OK, +QFTPGET: 616,0, then 603 until drained', async () => {
    const slow = await ec25Session(server, { baudRate: 115200 });
    await slow.host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0');
    await slow.host.write('AT+QFTPGET="big.bin","COM:"\r');
    await slow.host.until('\r\nCONNECT\r\n');
    await slow.host.sleep(250);
    await slow.host.write('+++');
    const tail = (await slow.host.until('+QFTPGET: 616,0\r\n', 5000)).toString('latin1');
    expect(tail.endsWith('\r\nOK\r\n\r\n+QFTPGET: 616,0\r\n')).toBe(true);
    expect(tail.length).toBeLessThan(300_000);
    await slow.vm.close();
  });

  it('a data connection lost during a <beof> 0 continuation packet: +QFTPPUT: 607,0, and the modem keeps answering', async () => {
    vm.faults.closeDataAfterBytes = 4000;
    await host.write('AT+QFTPPUT="cont.bin","COM:",0,3000,0\r');
    expect((await host.until('\r\nCONNECT\r\n')).toString()).toBe('\r\nCONNECT\r\n');
    await host.write(Buffer.alloc(3000, 0x61));
    expect((await host.until('+QFTPPUT: 0,3000\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,3000\r\n');
    // The continuation packet: the data connection is cut at byte 4000 while the module waits for the rest.
    await host.write('AT+QFTPPUT="cont.bin","COM:",3000,3000,0\r');
    expect((await host.until('\r\nCONNECT\r\n')).toString()).toBe('\r\nCONNECT\r\n');
    await host.write(Buffer.alloc(1500, 0x62));
    expect((await host.until('+QFTPPUT: 607,0\r\n')).toString()).toBe('\r\n+QFTPPUT: 607,0\r\n');
    vm.faults.closeDataAfterBytes = undefined;
    expect(await host.cmd('AT')).toBe('\r\nOK\r\n');
    expect(await host.cmdLine('AT+QFTPSIZE="cont.bin"', '+QFTPSIZE: ')).toMatch(/^\r\nOK\r\n\r\n\+QFTPSIZE: 0,\d+\r\n$/);
    expect(await host.cmd('AT+QFTPSTAT')).toBe('\r\n+QFTPSTAT: 0,1\r\n\r\nOK\r\n');
  });

  it('a data connection lost once a whole continuation packet is in: the failure URC still comes, commands are answered', async () => {
    vm.faults.closeDataAfterBytes = 4000;
    await host.write('AT+QFTPPUT="cont2.bin","COM:",0,3000,0\r');
    await host.until('\r\nCONNECT\r\n');
    await host.write(Buffer.alloc(3000, 0x61));
    await host.until('+QFTPPUT: 0,3000\r\n');
    await host.write('AT+QFTPPUT="cont2.bin","COM:",3000,3000,0\r');
    await host.until('\r\nCONNECT\r\n');
    await host.write(Buffer.alloc(3000, 0x62));
    // Whether the module had confirmed the packet before the cut is a race; the failure is always reported.
    expect((await host.until('+QFTPPUT: 607,0\r\n')).toString()).toMatch(/^(\r\nOK\r\n\r\n\+QFTPPUT: 0,3000\r\n)?\r\n\+QFTPPUT: 607,0\r\n$/);
    vm.faults.closeDataAfterBytes = undefined;
    expect(await host.cmd('AT')).toBe('\r\nOK\r\n');
    expect(await host.cmdLine('AT+QFTPSIZE="cont2.bin"', '+QFTPSIZE: ')).toMatch(/^\r\nOK\r\n\r\n\+QFTPSIZE: 0,\d+\r\n$/);
  });

  it('QFTPCLOSE completes asynchronously: 603 until +QFTPCLOSE: 0,0', async () => {
    expect(await host.cmd('AT+QFTPCLOSE')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCWD="/"', '+CME ERROR: 603')).toBe('\r\n+CME ERROR: 603\r\n');
    expect(await host.cmd('AT+QFTPSTAT')).toBe('\r\n+QFTPSTAT: 0,3\r\n\r\nOK\r\n');
    expect((await host.until('+QFTPCLOSE: 0,0\r\n')).toString()).toBe('\r\n+QFTPCLOSE: 0,0\r\n');
    expect(await host.cmd('AT+QFTPSTAT')).toBe('\r\n+QFTPSTAT: 0,4\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCWD="/"', '+CME ERROR: 625')).toBe('\r\n+CME ERROR: 625\r\n');
  });

  it('injected URCs, dropped URCs, PDP loss, reboot and silence', async () => {
    const s = await ec25Session(server);
    s.vm.faults.dropUrc = { prefix: '+QFTPOPEN' };
    expect(await s.host.cmd(`AT+QFTPOPEN="127.0.0.1",${server.port}`)).toBe('\r\nOK\r\n');
    await s.host.sleep(200);
    expect(s.host.pending()).toBe('');
    s.vm.faults.dropUrc = undefined;
    s.vm.faults.injectLines = { lines: ['+CEREG: 1'], seed: 1, probability: 1 };
    expect(await s.host.cmd('AT')).toBe('\r\n+CEREG: 1\r\n\r\nOK\r\n');
    s.vm.faults.injectLines = undefined;
    // Commands so far: 6 in ec25Session, QFTPOPEN, AT.
    s.vm.faults.pdpLossAfterCommands = 9;
    s.vm.faults.rebootAfterCommands = 10;
    s.vm.faults.silentAfterCommands = 10;
    expect(await s.host.cmd('AT', '+QIURC: "pdpdeact",1')).toBe('\r\nOK\r\n\r\n+QIURC: "pdpdeact",1\r\n');
    expect(await s.host.cmd('AT', '+QIND: PB DONE')).toMatch(/^\r\nOK\r\n\r\nRDY\r\n[\s\S]*\+QIND: PB DONE\r\n$/);
    await s.host.write('AT\r');
    await s.host.sleep(100);
    expect(s.host.pending()).toBe('');
    // Lifting the fault ends the silence: the next command is answered (echoed: the reboot undid ATE0).
    s.vm.faults.silentAfterCommands = undefined;
    expect(await s.host.cmd('AT')).toBe('AT\r\r\nOK\r\n');
    await s.vm.close();
  });
});
