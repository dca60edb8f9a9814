import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSerialTransport } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualModem } from '../src/index.js';
import { AtHost } from './support/at-host.js';
import { requireTool, startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';

const hasSocat = ((): boolean => {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const run = requireTool(hasSocat, 'socat (apt-get install socat)');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.runIf(run)('EC25 over a real pty opened with serialport', () => {
  let server: RunningTestFtpServer;
  beforeAll(async () => {
    server = await startTestFtpServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers ATI and downloads every byte value through the pty', async () => {
    const vm = await startVirtualModem({ model: 'EC25', link: 'pty' });
    expect(vm.path).toMatch(/^\/dev\/pts\/\d+$/);
    const transport = await openSerialTransport({ path: vm.path!, baudRate: 115200 });
    const host = new AtHost(transport);
    await host.sleep(50);
    expect(await host.cmd('ATE0')).toMatch(/ATE0\r\r\nOK\r\n$/);
    expect(await host.cmd('ATI')).toBe('\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR02A09M4G\r\n\r\nOK\r\n');
    const all = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(20_000)]);
    writeFileSync(join(server.root, 'bytes.bin'), all);
    await host.cmd('AT+QIACT=1');
    await host.cmd(`AT+QFTPCFG="account","${server.user}","${server.password}"`);
    await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0');
    await host.write('AT+QFTPGET="bytes.bin","COM:"\r');
    const got = await host.until(`+QFTPGET: 0,${all.length}\r\n`);
    expect(sha(got.subarray(11, 11 + all.length))).toBe(sha(all));
    await transport.close();
    await vm.close();
  });
});
