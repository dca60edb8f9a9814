/**
 * Module storage: A-MAN §13.2.2's CFTRANTX example and S-AN §5.2.3's resume
 * into module storage replayed byte for byte, CFTPSPUTFILE from a file
 * written with CFTRANRX (sha256-exact at the server), the per-family drives.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/common/prng.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { readFrames, Rig, type CftpsModelName } from './rig.js';

let server: RunningTestFtpServer;
const random = seededRandom(129);
const test0129 = Buffer.from(Array.from({ length: 1_261_568 }, () => Math.floor(random() * 256)));
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'test0129'), test0129);
});
afterAll(async () => {
  await server.stop();
});

const line = (text: string): string => `\r\n${text}\r\n`;
const OK = line('OK');
const ERROR = line('ERROR');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
let rig: Rig;
afterEach(async () => {
  await rig.model.close();
});

/** AT+CFTRANRX: prompt, exactly the bytes, OK. */
async function store(path: string, bytes: Buffer): Promise<void> {
  expect(await rig.at(`AT+CFTRANRX="${path}",${bytes.length}`, '>')).toBe('\r\n>');
  rig.write(bytes);
  expect((await rig.take(OK)).toString('latin1')).toBe(OK);
}

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s storage', (model) => {
  const home = model === 'A7670E' ? 'C:' : 'F:';

  it('A-MAN §13.2.2: AT+CFTRANTX="d:/MyDir/t1.txt",1,4 → +CFTRANTX: DATA, 4 / estc / +CFTRANTX: 0 / OK', async () => {
    rig = new Rig(model);
    await rig.boot();
    await store('d:/MyDir/t1.txt', Buffer.from('testcase'));
    expect(await rig.at(`AT+CFTRANRX="d:/MyDir/t1.txt",3`, ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTRANTX="d:/MyDir/t1.txt",1,4')).toBe('\r\n+CFTRANTX: DATA, 4\r\nestc\r\n+CFTRANTX: 0\r\n' + OK);
    expect(await rig.at('AT+FSDEL="d:/MyDir/t1.txt"')).toBe(OK);
    expect(await rig.at('AT+FSATTRI="d:/MyDir/t1.txt"', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTRANRX="Z:/x.txt",3', ERROR)).toBe(ERROR);
  });

  it(`CFTPSPUTFILE sends ${home}/<name> written with CFTRANRX, sha256-exact; a missing local file is 7`, async () => {
    rig = new Rig(model);
    await rig.boot();
    await rig.login(server);
    const data = test0129.subarray(0, 70_000);
    await store(`${home}/up-${model}.bin`, data);
    expect(await rig.at(`AT+CFTPSPUTFILE="up-${model}.bin",1`, '+CFTPSPUTFILE: 0\r\n')).toBe(OK + line('+CFTPSPUTFILE: 0'));
    expect(sha(await readFile(join(server.root, `up-${model}.bin`)))).toBe(sha(data));
    expect(await rig.at('AT+CFTPSPUTFILE="none.bin",1', '+CFTPSPUTFILE: 7\r\n')).toBe(OK + line('+CFTPSPUTFILE: 7'));
  });
});

describe('SIM7600G', () => {
  it('S-AN §5.2.3: SIZE, GETFILE with an offset and no local file → 7, resume at 401408 → 0, FSATTRI with its date', async () => {
    rig = new Rig('SIM7600G', { variants: new Set(['no-space']) });
    await rig.boot();
    await rig.at('AT+CFTPSSTART', '+CFTPSSTART:0\r\n');
    await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",0`, '+CFTPSLOGIN:0\r\n');
    expect(await rig.at('AT+CFTPSSIZE="test0129"', '+CFTPSSIZE:1261568\r\n')).toBe(OK + line('+CFTPSSIZE:1261568'));
    expect(await rig.at('AT+CFTPSGETFILE="test0129",1,3', 'GETFILE:7\r\n')).toBe(OK + line('+CFTPSGETFILE:7'));
    // "(reboot, partial file of 401408 bytes remains)": the first 401408 bytes are on F:.
    await store('F:/test0129', test0129.subarray(0, 401_408));
    expect(await rig.at('AT+CFTPSGETFILE="test0129",1,401408', 'GETFILE:0\r\n', 20_000)).toBe(OK + line('+CFTPSGETFILE:0'));
    expect(await rig.at('AT+FSATTRI="test0129"')).toBe(line('+FSATTRI: 1261568,1980/01/06 15:58:13 Sun') + OK);
    await rig.at('AT+CFTRANTX="F:/test0129"', '');
    const got = await readFrames(rig, '+CFTRANTX', 20_000);
    expect(got.result).toBe('+CFTRANTX: 0');
    expect(sha(got.data)).toBe(sha(test0129));
  });

  it('GETFILE into <dir> 4 (/mssl_cert/) stores a CA for SSL (S-MAN)', async () => {
    await writeFile(join(server.root, 'ca.pem'), 'PEM');
    rig = new Rig('SIM7600G');
    await rig.boot();
    await rig.login(server);
    await rig.at('AT+CFTPSGETFILE="ca.pem",4', '+CFTPSGETFILE: 0\r\n');
    expect(await rig.at('AT+CCERTLIST')).toBe(line('+CCERTLIST: "ca.pem"') + OK);
  });
});

describe('A7670E', () => {
  it('has drives C: and D: only (dir 3 and E: are refused), FSATTRI without a date', async () => {
    rig = new Rig('A7670E');
    await rig.boot();
    await rig.login(server);
    expect(await rig.at('AT+CFTPSGETFILE="test0129",3', ERROR)).toBe(ERROR);
    expect(await rig.at('AT+CFTRANRX="E:/x.txt",3', ERROR)).toBe(ERROR);
    await rig.at('AT+CFTPSGETFILE="test0129"', '+CFTPSGETFILE: 0\r\n', 20_000);
    expect(await rig.at('AT+FSATTRI="C:/test0129"')).toBe(line('+FSATTRI: 1261568') + OK);
  });
});
