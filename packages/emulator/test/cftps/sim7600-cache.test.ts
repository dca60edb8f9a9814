/**
 * SIM7600 cache mode and abort (S-MAN §12.2.14/17/18, MBED): the file is
 * buffered in the module, announced by `+CFTPS: RECV EVENT`, read ≤ 1024
 * bytes per AT+CFTPSCACHERD; an empty cache answers a bare OK; the final
 * `+CFTPSGET: 0` may come between reads. AT+CFTPSABORT drops login and PDP.
 * The A7670E has neither.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/common/prng.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { Rig } from './rig.js';

let server: RunningTestFtpServer;
const data = Buffer.from(Array.from({ length: 21_078 }, (_, i) => Math.floor(seededRandom(i)() * 256)));
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'cache.bin'), data);
  await writeFile(join(server.root, 'huge.bin'), Buffer.alloc(3_000_000, 1));
});
afterAll(async () => {
  await server.stop();
});

const line = (text: string): string => `\r\n${text}\r\n`;
const OK = line('OK');
let rig: Rig;
afterEach(async () => {
  await rig.model.close();
});

describe('SIM7600G cache mode', () => {
  it('S-MAN §12.2.14/17: RECV EVENT, CACHERD? length, ≤ 1024-byte reads, sha256-exact, bare OK when empty', async () => {
    rig = new Rig('SIM7600G');
    await rig.boot();
    await rig.login(server);
    expect(await rig.at('AT+CFTPSGET="cache.bin",0,1')).toBe(OK);
    expect((await rig.take('RECV EVENT\r\n')).toString('latin1')).toBe(line('+CFTPS: RECV EVENT'));
    await rig.take('+CFTPSGET: 0\r\n');
    expect(await rig.at('AT+CFTPSCACHERD?')).toBe(line(`+CFTPSCACHERD: ${data.length}`) + OK);
    const parts: Buffer[] = [];
    for (;;) {
      rig.write('AT+CFTPSCACHERD\r');
      const head = (await rig.bytes(2)).toString('latin1') + (await rig.take('\r\n')).toString('latin1');
      if (head === OK) break;
      const m = /^\r\n\+CFTPSGET: DATA,(\d+)\r\n$/.exec(head);
      expect(m, head).not.toBeNull();
      const n = Number((m as RegExpExecArray)[1]);
      expect(n).toBeLessThanOrEqual(1024);
      parts.push(await rig.bytes(n));
      expect((await rig.bytes(6)).toString('latin1')).toBe(OK);
    }
    expect(createHash('sha256').update(Buffer.concat(parts)).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    expect(await rig.at('AT+CFTPSCACHERD?')).toBe(line('+CFTPSCACHERD: 0') + OK);
  });

  it('S-MAN §12.2.18: AT+CFTPSABORT stops a transfer, answers +CFTPSABORT: 0, logs out and drops the PDP', async () => {
    rig = new Rig('SIM7600G');
    await rig.boot();
    await rig.login(server);
    await rig.at('AT+CFTPSGET="huge.bin",0,1');
    await rig.take('RECV EVENT\r\n');
    expect(await rig.at('AT+CFTPSABORT', '+CFTPSABORT: 0\r\n')).toBe(OK + line('+CFTPSABORT: 0'));
    expect(await rig.at('AT+CFTPSLOGIN?')).toBe(line('+CFTPSLOGIN: 0') + OK);
    expect(await rig.at('AT+CGACT?')).toBe(line('+CGACT: 1,0') + OK);
    expect(await rig.at('AT+CFTPSPWD', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
    await rig.login(server);
    expect(rig.rest).not.toContain('+CFTPSGET:');
  });
});

describe('A7670E', () => {
  it('has no cache mode and no abort (A-MAN): ERROR', async () => {
    rig = new Rig('A7670E');
    await rig.boot();
    await rig.login(server);
    expect(await rig.at('AT+CFTPSGET="cache.bin",0,1', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
    expect(await rig.at('AT+CFTPSCACHERD?', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
    expect(await rig.at('AT+CFTPSABORT', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
  });
});
