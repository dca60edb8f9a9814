import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualModem, type VirtualModem } from '../src/index.js';
import { AtHost } from './support/at-host.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Quectel BG96 FTP(S) AT Commands Manual V1.0 chapter 3 (digest §6), exchange
 * by exchange, against ftp-srv; then what the BG96 tables change on the EC25 model.
 */
describe('BG96: FTP(S) manual chapter 3 examples against a real FTP server', () => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let host: AtHost;
  const file1000 = randomBytes(1000);
  const file2048 = randomBytes(2048);

  beforeAll(async () => {
    server = await startTestFtpServer();
    vm = await startVirtualModem({ model: 'BG96', link: 'memory', timing: { asyncCloseMs: 100, busyAfterDataFailureMs: 300 } });
    host = new AtHost(vm.transport!);
    expect((await host.until('+QIND: PB DONE\r\n')).toString()).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n');
    expect(await host.cmd('ATE0')).toBe('ATE0\r\r\nOK\r\n');
  });
  afterAll(async () => {
    await vm.close();
    await server.stop();
  });

  it('identifies as a BG96, CGMR without the Revision: prefix', async () => {
    expect(await host.cmd('ATI')).toBe('\r\nQuectel\r\nBG96\r\nRevision: BG96MAR02A07M1G\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CGMM')).toBe('\r\nBG96\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CGMR')).toBe('\r\nBG96MAR02A07M1G\r\n\r\nOK\r\n');
  });

  it('§3 login: QICSGP, QIACT, QIACT?, QFTPCFG contextid/account/transmode, QFTPOPEN', async () => {
    expect(await host.cmd('AT+QICSGP=1,1,"UNINET","","",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QIACT=1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QIACT?')).toBe('\r\n+QIACT: 1,1,1,"10.7.157.1"\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="contextid",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd(`AT+QFTPCFG="account","${server.user}","${server.password}"`)).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="transmode",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 0,0\r\n');
  });

  it('§3 QFTPMDTM, a ranged QFTPGET to COM:, QFTPPUT packets with <uploadlen>,<beof>, QFTPGET to a plain UFS name', async () => {
    writeFileSync(join(server.root, 'test_new.txt'), 'x');
    expect(await host.cmdLine('AT+QFTPMDTM="test_new.txt"', '+QFTPMDTM: ')).toMatch(/^\r\nOK\r\n\r\n\+QFTPMDTM: 0,"\d{14}(\.\d{3})?"\r\n$/);

    writeFileSync(join(server.root, 'test.txt'), file2048.subarray(0, 1024));
    await host.write('AT+QFTPGET="test.txt","COM:",0,500\r');
    const part = await host.until('+QFTPGET: 0,500\r\n');
    expect(part.subarray(0, 11).toString()).toBe('\r\nCONNECT\r\n');
    expect(sha(part.subarray(11, 511))).toBe(sha(file2048.subarray(0, 500)));
    expect(part.subarray(511).toString()).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,500\r\n');

    // The manual's packet continues an upload left open with <beof> 0 (same file, next <startpos>).
    await host.write('AT+QFTPPUT="test.txt","COM:",0,1024,0\r');
    await host.until('\r\nCONNECT\r\n');
    await host.write(file2048.subarray(0, 1024));
    expect((await host.until('+QFTPPUT: 0,1024\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,1024\r\n');
    await host.write('AT+QFTPPUT="test.txt","COM:",1024,1024,1\r');
    expect((await host.until('\r\nCONNECT\r\n')).toString()).toBe('\r\nCONNECT\r\n');
    await host.write(file2048.subarray(1024));
    expect((await host.until('+QFTPPUT: 0,1024\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,1024\r\n');
    expect(sha(readFileSync(join(server.root, 'test.txt')))).toBe(sha(file2048));

    writeFileSync(join(server.root, 'test_my1.txt'), file1000);
    expect(await host.cmd('AT+QFTPGET="test_my1.txt","test1.txt",450', '+QFTPGET: 0,550')).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,550\r\n');
    expect(await host.cmd('AT+QFLST="*"')).toBe('\r\n+QFLST: "test1.txt",550\r\n\r\nOK\r\n');
    await host.write('AT+QFDWL="test1.txt"\r');
    const dwl = await host.until('\r\nOK\r\n');
    expect(sha(dwl.subarray(11, 561))).toBe(sha(file1000.subarray(450)));
  });

  it('QFTPLIST without <local_name> lists to COM: (manual: optional, default "COM:")', async () => {
    const text = await host.cmdLine('AT+QFTPLIST="."', '+QFTPLIST: 0,');
    const m = /^\r\nCONNECT\r\n([\s\S]*)\r\nOK\r\n\r\n\+QFTPLIST: 0,(\d+)\r\n$/.exec(text);
    expect(m?.[1]?.length).toBe(Number(m?.[2]));
    expect(m?.[1]).toMatch(/ test_my1\.txt\r$/m);
  });

  it('refuses RAM:/SD:/UFS: prefixed local names: the BG96 stores plain UFS names only', async () => {
    expect(await host.cmd('AT+QFTPGET="test_my1.txt","RAM:a.txt"', '+CME ERROR: 610')).toBe('\r\n+CME ERROR: 610\r\n');
    expect(await host.cmd('AT+QFTPGET="test_my1.txt","SD:a.txt"', '+CME ERROR: 610')).toBe('\r\n+CME ERROR: 610\r\n');
    expect(await host.cmd('AT+QFTPLIST=".","RAM:list.txt"', '+CME ERROR: 610')).toBe('\r\n+CME ERROR: 610\r\n');
    expect(await host.cmd('AT+QFUPL="RAM:a.txt",10', '+CME ERROR: 406')).toBe('\r\n+CME ERROR: 406\r\n');
    expect(await host.cmd('AT+QFTPPUT="x.txt","UFS:test1.txt",0', '+CME ERROR: 611')).toBe('\r\n+CME ERROR: 611\r\n');
    expect(await host.cmd('AT+QFTPPUT="up.txt","test1.txt",0', '+QFTPPUT: 0,550')).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,550\r\n');
    expect(sha(readFileSync(join(server.root, 'up.txt')))).toBe(sha(file1000.subarray(450)));
  });

  it('QFTPCFG has "data_address" (0,1) without a timeout and no "restenable" (manual §2.1)', async () => {
    expect(await host.cmd('AT+QFTPCFG=?')).toBe(
      '\r\n+QFTPCFG: "account",<username>,<password>\r\n+QFTPCFG: "filetype",(0,1)\r\n+QFTPCFG: "transmode",(0,1)\r\n' +
        '+QFTPCFG: "contextid",(1-16)\r\n+QFTPCFG: "rsptimeout",(20-180)\r\n+QFTPCFG: "ssltype",(0-2)\r\n+QFTPCFG: "sslctxid",(0-5)\r\n' +
        '+QFTPCFG: "data_address",(0,1)\r\n\r\nOK\r\n',
    );
    expect(await host.cmd('AT+QFTPCFG="data_address",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="data_address"')).toBe('\r\n+QFTPCFG: "data_address",1\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="data_address",0')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="data_address",2,25', '+CME ERROR: 610')).toBe('\r\n+CME ERROR: 610\r\n');
    expect(await host.cmd('AT+QFTPCFG="data_address",0,25', '+CME ERROR: 610')).toBe('\r\n+CME ERROR: 610\r\n');
    expect(await host.cmd('AT+QFTPCFG="restenable",1', '+CME ERROR: 610')).toBe('\r\n+CME ERROR: 610\r\n');
  });

  it('§3 QFTPCLOSE', async () => {
    expect(await host.cmd('AT+QFTPCLOSE', '+QFTPCLOSE: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPCLOSE: 0,0\r\n');
  });
});
