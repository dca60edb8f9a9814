/**
 * The example exchanges of the A76XX FTP(S) application note V1.02 (A-AN) and
 * AT manual V1.09 (A-MAN), replayed byte for byte against the virtual A7670E
 * and SIM7600G with a real FTP server (ftp-srv) behind them. SIMCom framing:
 * every line `CR LF <line> CR LF`; the data frame payload has no terminator.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { Rig, type CftpsModelName } from './rig.js';

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});

const line = (text: string): string => `\r\n${text}\r\n`;
const OK = line('OK');

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s', (model) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = new Rig(model);
    await rig.boot();
  });
  afterEach(async () => {
    await rig.model.close();
  });

  it('A-AN §3.1.3: start, login, MKD, CWD, PWD, RMD, logout, stop', async () => {
    const steps: Array<[string, string]> = [
      ['AT+CFTPSSTART', OK + line('+CFTPSSTART: 0')],
      [`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, OK + line('+CFTPSLOGIN: 0')],
      ['AT+CFTPSMKD="TEST1129"', OK + line('+CFTPSMKD: 0')],
      ['AT+CFTPSCWD="TEST1129"', OK + line('+CFTPSCWD: 0')],
      ['AT+CFTPSPWD', OK + line('+CFTPSPWD: "/TEST1129"')],
      ['AT+CFTPSRMD="/TEST1129"', OK + line('+CFTPSRMD: 0')],
      ['AT+CFTPSLOGOUT', OK + line('+CFTPSLOGOUT: 0')],
      ['AT+CFTPSSTOP', OK + line('+CFTPSSTOP: 0')],
    ];
    for (const [command, expected] of steps) {
      const tail = expected.slice(expected.lastIndexOf('\r\n', expected.length - 3));
      expect(await rig.at(command, tail)).toBe(expected);
    }
    expect(rig.rest).toBe('');
  });

  it('A-AN §3.1.2: a 3-byte download is OK, DATA,3, the bytes, +CFTPSGET: 0', async () => {
    await writeFile(join(server.root, 'test1131.txt'), '321');
    await rig.login(server);
    expect(await rig.at('AT+CFTPSGET="test1131.txt"', '+CFTPSGET: 0\r\n')).toBe(`${OK}\r\n+CFTPSGET: DATA,3\r\n321\r\n+CFTPSGET: 0\r\n`);
  });

  it('A-MAN §17.2.14: AT+CFTPSPUT="test.txt",4 prompts, takes 4 bytes, OK, +CFTPSPUT: 0', async () => {
    await rig.login(server);
    expect(await rig.at('AT+CFTPSPUT="test.txt",4', '>')).toBe('\r\n>');
    rig.write('data');
    expect((await rig.take('+CFTPSPUT: 0\r\n')).toString('latin1')).toBe(`${OK}\r\n+CFTPSPUT: 0\r\n`);
    expect(await readFile(join(server.root, 'test.txt'), 'latin1')).toBe('data');
  });

  it('A-MAN §17.2.5: a listing is OK, DATA,<len> frames of the raw LIST text, +CFTPSLIST: 0', async () => {
    await mkdir(join(server.root, 'TEST113'), { recursive: true });
    await writeFile(join(server.root, '124.txt'), 'x'.repeat(121));
    await rig.login(server);
    const text = await rig.at('AT+CFTPSLIST="/"', '+CFTPSLIST: 0\r\n');
    const m = /^\r\nOK\r\n\r\n\+CFTPSLIST: DATA,(\d+)\r\n([\s\S]*)\r\n\+CFTPSLIST: 0\r\n$/.exec(text);
    expect(m).not.toBeNull();
    const body = (m as RegExpExecArray)[2] as string;
    expect(Buffer.byteLength(body, 'latin1')).toBe(Number((m as RegExpExecArray)[1]));
    expect(body).toMatch(/^-rw.* 121 .* 124\.txt\r\n/m);
    expect(body).toMatch(/^d.* TEST113\r\n/m);
  });

  it('identifies as SIMCOM INCORPORATED with the manuals\' CGMR prefix', async () => {
    expect(await rig.at('AT+CGMI')).toBe(line('SIMCOM INCORPORATED') + OK);
    expect(await rig.at('AT+CGMM')).toBe(line(model === 'A7670E' ? 'A7670E' : 'SIMCOM_SIM7600G') + OK);
    expect(await rig.at('AT+CGMR')).toMatch(/^\r\n\+CGMR: \S+\r\n\r\nOK\r\n$/);
  });
});
