import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualModem, type VirtualModem } from '../src/index.js';
import { AtHost } from './support/at-host.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Quectel FTP(S) AN v1.1 chapter 3, exchange by exchange, against ftp-srv. */
describe('EC25: AN chapter 3 examples against a real FTP server', () => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let host: AtHost;
  const file1000 = randomBytes(1000);

  beforeAll(async () => {
    server = await startTestFtpServer();
    vm = await startVirtualModem({ model: 'EC25', link: 'memory', timing: { asyncCloseMs: 100, busyAfterDataFailureMs: 300 } });
    host = new AtHost(vm.transport!);
    expect((await host.until('+QIND: PB DONE\r\n')).toString()).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n');
    expect(await host.cmd('ATE0')).toBe('ATE0\r\r\nOK\r\n');
    expect(await host.cmd('ATS12=10')).toBe('\r\nOK\r\n'); // 200 ms guard times keep +++ tests short
  });
  afterAll(async () => {
    await vm.close();
    await server.stop();
  });

  it('identifies like the EC2x AT manual example', async () => {
    expect(await host.cmd('ATI')).toBe('\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR02A09M4G\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CGMI')).toBe('\r\nQuectel\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CGMM')).toBe('\r\nEC25\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+GMR')).toBe('\r\nEC25EFAR02A09M4G\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CPIN?')).toBe('\r\n+CPIN: READY\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CGATT?')).toBe('\r\n+CGATT: 1\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CEREG?')).toBe('\r\n+CEREG: 0,1\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+CSQ')).toBe('\r\n+CSQ: 24,99\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+NOSUCH', 'ERROR')).toBe('\r\nERROR\r\n');
  });

  it('§3.1 login to FTP server', async () => {
    expect(await host.cmd('AT+QICSGP=1,1,"UNINET",,"",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QIACT=1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QIACT?')).toBe('\r\n+QIACT: 1,1,1,"10.7.157.1"\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="contextid",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd(`AT+QFTPCFG="account","${server.user}","${server.password}"`)).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="filetype",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="filetype"')).toBe('\r\n+QFTPCFG: "filetype",1\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="filetype",0')).toBe('\r\nOK\r\n'); // binary for byte-exact files (B.9 #6)
    expect(await host.cmd('AT+QFTPCFG="transmode",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="rsptimeout",90')).toBe('\r\nOK\r\n');
    expect(await host.cmd(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 0,0\r\n');
  });

  it('§3.3 folder operation', async () => {
    expect(await host.cmd('AT+QFTPCWD="/"', '+QFTPCWD: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPCWD: 0,0\r\n');
    // AN §3.3 prints the path bare (`+QFTPPWD: 0,/`); the quoted form is the `pwd-quoted` variant.
    expect(await host.cmd('AT+QFTPPWD', '+QFTPPWD: 0,/')).toBe('\r\nOK\r\n\r\n+QFTPPWD: 0,/\r\n');
    expect(await host.cmd('AT+QFTPMKDIR="TEST"', '+QFTPMKDIR: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPMKDIR: 0,0\r\n');
    expect(statSync(join(server.root, 'TEST')).isDirectory()).toBe(true);
    expect(await host.cmd('AT+QFTPRENAME="TEST","TEST_NEW"', '+QFTPRENAME: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPRENAME: 0,0\r\n');
    expect(await host.cmd('AT+QFTPRMDIR="TEST_NEW"', '+QFTPRMDIR: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPRMDIR: 0,0\r\n');
    expect(existsSync(join(server.root, 'TEST_NEW'))).toBe(false);
  });

  it('§3.4 file operation (and QFTPNAME, the §2.15 spelling)', async () => {
    writeFileSync(join(server.root, 'test_my1.txt'), file1000);
    expect(await host.cmd('AT+QFTPSIZE="test_my1.txt"', '+QFTPSIZE: 0,1000')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 0,1000\r\n');
    expect(await host.cmd('AT+QFTPRENAME="test_my1.txt","test_new.txt"', '+QFTPRENAME: 0,0')).toContain('+QFTPRENAME: 0,0');
    expect(await host.cmd('AT+QFTPNAME="test_new.txt","test_new.txt2"', '+QFTPNAME: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPNAME: 0,0\r\n');
    await host.cmd('AT+QFTPNAME="test_new.txt2","test_new.txt"', '+QFTPNAME: 0,0');
    const mdtm = await host.cmdLine('AT+QFTPMDTM="test_new.txt"', '+QFTPMDTM: ');
    expect(mdtm).toMatch(/^\r\nOK\r\n\r\n\+QFTPMDTM: 0,"\d{14}(\.\d{3})?"\r\n$/);
    expect(await host.cmd('AT+QFTPDEL="test_new.txt"', '+QFTPDEL: 0,0')).toBe('\r\nOK\r\n\r\n+QFTPDEL: 0,0\r\n');
    expect(await host.cmd('AT+QFTPSIZE="test_new.txt"', '+QFTPSIZE: 627,550')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 627,550\r\n');
  });

  it('§3.5 list file information or names; LIST-only server answers QFTPMLSD with 622,502', async () => {
    mkdirSync(join(server.root, 'TEST_2'));
    writeFileSync(join(server.root, 'TEST_2', 'inner.bin'), 'x');
    await host.cmd('AT+QFTPCWD="/"', '+QFTPCWD: 0,0');
    const text = await host.cmdLine('AT+QFTPLIST="."', '+QFTPLIST: 0,');
    const m = /^\r\nCONNECT\r\n([\s\S]*)\r\nOK\r\n\r\n\+QFTPLIST: 0,(\d+)\r\n$/.exec(text);
    expect(m).not.toBeNull();
    expect(m![1]!.length).toBe(Number(m![2]));
    expect(m![1]).toMatch(/^d.* TEST_2\r$/m);
    const ram = await host.cmdLine('AT+QFTPLIST=".", "RAM:list.txt"', '+QFTPLIST: 0,');
    const ramLen = /^\r\nOK\r\n\r\n\+QFTPLIST: 0,(\d+)\r\n$/.exec(ram)?.[1];
    expect(ramLen).toBeDefined();
    expect(await host.cmd('AT+QFLST="RAM:*"')).toBe(`\r\n+QFLST: "RAM:list.txt",${ramLen}\r\n\r\nOK\r\n`);
    const nlst = await host.cmdLine('AT+QFTPNLST="TEST_2","COM:"', '+QFTPNLST: 0,');
    expect(nlst).toMatch(/^\r\nCONNECT\r\n(.*\/)?inner\.bin\r\n\r\nOK\r\n\r\n\+QFTPNLST: 0,\d+\r\n$/s);
    expect(await host.cmdLine('AT+QFTPNLIST=".", "RAM:nlst.txt"', '+QFTPNLIST: 0,')).toMatch(/^\r\nOK\r\n\r\n\+QFTPNLIST: 0,\d+\r\n$/);
    expect(await host.cmd('AT+QFTPMLSD="."', '+QFTPMLSD: 622,502')).toBe('\r\n+QFTPMLSD: 622,502\r\n');
  });

  it('§3.6 upload via COM with +++, with <uploadlen>/<beof>, and from RAM/UFS/SD', async () => {
    await host.cmd('AT+QFTPCWD="/"', '+QFTPCWD: 0,0');
    expect(await host.cmd('AT+QFTPSTAT')).toBe('\r\n+QFTPSTAT: 0,1\r\n\r\nOK\r\n');
    await host.write('AT+QFTPPUT="test_my1.txt","COM:",0\r');
    expect((await host.until('\r\nCONNECT\r\n')).toString()).toBe('\r\nCONNECT\r\n');
    await host.sleep(250);
    await host.write(file1000);
    await host.sleep(250);
    await host.write('+++');
    expect((await host.until('+QFTPPUT: 0,1000\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,1000\r\n');
    expect(sha(readFileSync(join(server.root, 'test_my1.txt')))).toBe(sha(file1000));
    expect(await host.cmd('AT+QFTPLEN', '+QFTPLEN: 0,1000')).toBe('\r\nOK\r\n\r\n+QFTPLEN: 0,1000\r\n');
    expect(await host.cmd('AT+QFTPSIZE="test_my1.txt"', '+QFTPSIZE: 0,1000')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 0,1000\r\n');

    // Solution 1: two 1024-byte packets, no +++ (the §3.6 example types "COM: " with a space).
    const two = randomBytes(2048);
    await host.write('AT+QFTPPUT="test_my2.txt","COM:",0,1024,0\r');
    await host.until('\r\nCONNECT\r\n');
    await host.write(two.subarray(0, 1024));
    expect((await host.until('+QFTPPUT: 0,1024\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,1024\r\n');
    await host.write('AT+QFTPPUT="test_my2.txt","COM: ",1024,1024,1\r');
    await host.until('\r\nCONNECT\r\n');
    await host.write(two.subarray(1024));
    expect((await host.until('+QFTPPUT: 0,1024\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,1024\r\n');
    expect(sha(readFileSync(join(server.root, 'test_my2.txt')))).toBe(sha(two));

    // Solutions 2–4: stage with QFUPL, then upload from RAM/UFS/SD.
    for (const [drive, name] of [['RAM', 'test_ram.txt'], ['UFS', 'test_ufs.txt'], ['SD', 'test_sd.txt']] as const) {
      const data = randomBytes(1000);
      await host.write(`AT+QFUPL="${drive}:${name}",1000,300,1\r`);
      await host.until('\r\nCONNECT\r\n');
      await host.write(data);
      const upl = (await host.until('\r\nOK\r\n')).toString();
      expect(upl).toMatch(/^\r\n\+QFUPL: 1000,[0-9a-f]{1,4}\r\n\r\nOK\r\n$/);
      expect(await host.cmd(`AT+QFLST="${drive}:*"`)).toContain(`\r\n+QFLST: "${drive}:${name}",1000\r\n`);
      expect(await host.cmd(`AT+QFTPPUT="up_${drive}.txt","${drive}:${name}",0`, '+QFTPPUT: 0,1000')).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,1000\r\n');
      expect(sha(readFileSync(join(server.root, `up_${drive}.txt`)))).toBe(sha(data));
    }
    expect(await host.cmd('AT+QFDEL="RAM:test_ram.txt"')).toBe('\r\nOK\r\n');
  });

  it('§3.7 download via COM whole and in two ranges, and to RAM/UFS/SD with <startpos>', async () => {
    writeFileSync(join(server.root, 'test_my1.txt'), file1000);
    await host.write('AT+QFTPGET="test_my1.txt","COM:"\r');
    const whole = await host.until('+QFTPGET: 0,1000\r\n');
    expect(whole.subarray(0, 11).toString()).toBe('\r\nCONNECT\r\n');
    expect(sha(whole.subarray(11, 1011))).toBe(sha(file1000));
    expect(whole.subarray(1011).toString()).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,1000\r\n');
    for (const start of [0, 500]) {
      await host.write(`AT+QFTPGET="test_my1.txt","COM:",${start},500\r`);
      const part = await host.until('+QFTPGET: 0,500\r\n');
      expect(sha(part.subarray(11, 511))).toBe(sha(file1000.subarray(start, start + 500)));
      expect(part.subarray(511).toString()).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,500\r\n');
    }
    for (const drive of ['RAM', 'UFS', 'SD']) {
      expect(await host.cmd(`AT+QFTPGET="test_my1.txt", "${drive}:test.txt"`, '+QFTPGET: 0,1000')).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,1000\r\n');
      expect(await host.cmd(`AT+QFTPGET="test_my1.txt", "${drive}:test1.txt", 450`, '+QFTPGET: 0,550')).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,550\r\n');
    }
    expect(await host.cmd('AT+QFTPLEN', '+QFTPLEN: 0,550')).toBe('\r\nOK\r\n\r\n+QFTPLEN: 0,550\r\n');
    const lst = await host.cmd('AT+QFLST="RAM:*"');
    expect(lst).toContain('\r\n+QFLST: "RAM:test.txt",1000\r\n+QFLST: "RAM:test1.txt",550\r\n');
  });
});
