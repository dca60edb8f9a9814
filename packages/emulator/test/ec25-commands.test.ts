import { createHash, randomBytes } from 'node:crypto';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualModem } from '../src/index.js';
import { AtHost } from './support/at-host.js';
import { ec25Session } from './support/ec25-session.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('EC25: ranges, SIZE, QURCCFG, +++ guard', () => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let host: AtHost;

  beforeAll(async () => {
    server = await startTestFtpServer();
    ({ vm, host } = await ec25Session(server));
    await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0');
  });
  afterAll(async () => {
    await vm.close();
    await server.stop();
  });

  it('a ranged QFTPGET stops after <downloadlen> (no draining a 1 GiB file); the next commands stay in step', async () => {
    const head = randomBytes(1024 * 1024);
    writeFileSync(join(server.root, 'huge.bin'), head);
    truncateSync(join(server.root, 'huge.bin'), 1024 ** 3);
    for (const start of [0, 65_536, 700_000]) {
      await host.write(`AT+QFTPGET="huge.bin","COM:",${start},65536\r`);
      // Reading the rest of 1 GiB over loopback would blow the 5 s wait of `until`.
      const got = await host.until('+QFTPGET: 0,65536\r\n');
      expect(got.subarray(0, 11).toString()).toBe('\r\nCONNECT\r\n');
      expect(sha(got.subarray(11, 11 + 65_536))).toBe(sha(head.subarray(start, start + 65_536)));
      expect(got.subarray(11 + 65_536).toString()).toBe('\r\nOK\r\n\r\n+QFTPGET: 0,65536\r\n');
      // The aborted RETR's final reply is consumed: SIZE gets its own answer.
      expect(await host.cmdLine('AT+QFTPSIZE="huge.bin"', '+QFTPSIZE: ')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 0,1073741824\r\n');
    }
    expect(await host.cmdLine('AT+QFTPLEN', '+QFTPLEN: ')).toBe('\r\nOK\r\n\r\n+QFTPLEN: 0,65536\r\n');
  });

  it('AT+QFTPSIZE on an empty file answers 0 (ftp-srv sends "213 File status" without a number)', async () => {
    writeFileSync(join(server.root, 'empty.bin'), '');
    expect(await host.cmdLine('AT+QFTPSIZE="empty.bin"', '+QFTPSIZE: ')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 0,0\r\n');
    await host.write('AT+QFTPGET="empty.bin","COM:"\r');
    expect((await host.until('+QFTPGET: 0,0\r\n')).toString()).toBe('\r\nCONNECT\r\n\r\nOK\r\n\r\n+QFTPGET: 0,0\r\n');
  });

  it('AT+QURCCFG="urcport": test, query, set, bad values, and it survives a reboot (saved to NVM)', async () => {
    expect(await host.cmd('AT+QURCCFG=?')).toBe('\r\n+QURCCFG: "urcport",("usbat","usbmodem","uart1")\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QURCCFG="urcport"')).toBe('\r\n+QURCCFG: "urcport","usbat"\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QURCCFG="urcport","uart1"')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QURCCFG="urcport"')).toBe('\r\n+QURCCFG: "urcport","uart1"\r\n\r\nOK\r\n');
    expect(await host.cmd('AT+QURCCFG="urcport","usb"', 'ERROR')).toBe('\r\nERROR\r\n');
    expect(await host.cmd('AT+QURCCFG="other","uart1"', 'ERROR')).toBe('\r\nERROR\r\n');
    // No read form in Quectel's manuals.
    expect(await host.cmd('AT+QURCCFG?', 'ERROR')).toBe('\r\nERROR\r\n');
    const s = await ec25Session(server, { faults: { rebootAfterCommands: 7 } });
    expect(await s.host.cmd('AT+QURCCFG="urcport","usbmodem"', '+QIND: PB DONE')).toMatch(/^\r\nOK\r\n\r\nRDY\r\n/);
    // Echo is back on after the reboot (ATE1 at start-up); urcport kept its value.
    expect(await s.host.cmd('AT+QURCCFG="urcport"')).toBe('AT+QURCCFG="urcport"\r\r\n+QURCCFG: "urcport","usbmodem"\r\n\r\nOK\r\n');
    await s.vm.close();
  });

  it('+++ right after CONNECT is an escape when the host has been silent since its command (guard from its last byte)', async () => {
    // 300 ms command latency: the host's CR is ≥ 300 ms old at CONNECT; the guard (ATS12=10) is 200 ms.
    const slow = await ec25Session(server, { latencyMs: 300 });
    try {
      await slow.host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0');
      await slow.host.write('AT+QFTPPUT="guard.bin","COM:"\r');
      await slow.host.until('\r\nCONNECT\r\n');
      await slow.host.write('+++');
      expect((await slow.host.until('+QFTPPUT: 0,0\r\n')).toString()).toBe('\r\nOK\r\n\r\n+QFTPPUT: 0,0\r\n');
    } finally {
      await slow.vm.close();
    }
  });
});
