import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openModem } from '@cellftp/core';
import { expect, it } from 'vitest';
import { needsDebianTool } from '../../../test/support/debian-tool.js';
import { startVirtualModem } from '@cellftp/emulator';
import { quectel } from '../src/index.js';
import { random, sha256, startTestFtpServer } from './support/harness.js';

it.runIf(needsDebianTool('socat', 'socat', 'quectel pty end-to-end test'))('works end to end through a pty (real serialport) with openModem({ path })', async () => {
  const server = await startTestFtpServer();
  const vm = await startVirtualModem({ model: 'EC25', link: 'pty', timing: { asyncCloseMs: 50 } });
  const modem = await openModem({ path: vm.path as string, drivers: [quectel()] });
  try {
    expect(modem.info.vendor).toBe('quectel');
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({ url: `ftp://test:test@127.0.0.1:${server.port}/` });
    const data = random(64 * 1024);
    await ftp.uploadFrom(data, 'pty.bin');
    expect(sha256(readFileSync(join(server.root, 'pty.bin')))).toBe(sha256(data));
    const parts: Buffer[] = [];
    const { Writable } = await import('node:stream');
    await ftp.downloadTo(new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }), 'pty.bin');
    expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
    await ftp.close();
  } finally {
    await modem.close();
    await vm.close();
    await server.stop();
  }
});
