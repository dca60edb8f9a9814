/**
 * Every example exchange of the SIMCom FTP application notes (V1.01 §4–5,
 * V1.02 §5.1.x) against the virtual SIM7080G with a real FTP server (ftp-srv)
 * behind it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';
import { connectTo, ERROR, Host, OK, readSession } from './sim7080-harness.js';

let server: RunningTestFtpServer;
let host: Host;
const FIFTY = '01234567890123456789012345678901234567890123456789';

beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  host = new Host();
  host.model.start();
  await host.until('SMS Ready\r\n');
  await connectTo(host, server);
});
afterEach(async () => {
  await host.model.close();
});

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('bearer (S-FTPAN §4.1)', () => {
  it('answers the PDN auto-activation checks', async () => {
    expect(await host.at('AT+CPIN?')).toBe('\r\n+CPIN: READY\r\n' + OK);
    expect(await host.at('AT+CSQ')).toBe('\r\n+CSQ: 27,99\r\n' + OK);
    expect(await host.at('AT+CGATT?')).toBe('\r\n+CGATT: 1\r\n' + OK);
    expect(await host.at('AT+COPS?')).toBe('\r\n+COPS: 0,0,"CHN-CT",9\r\n' + OK);
    expect(await host.at('AT+CGNAPN')).toBe('\r\n+CGNAPN: 1,"ctnb"\r\n' + OK);
    expect(await host.at('AT+CNACT?')).toBe(
      '\r\n+CNACT: 0,1,"10.94.36.44"\r\n\r\n+CNACT: 1,0,"0.0.0.0"\r\n\r\n+CNACT: 2,0,"0.0.0.0"\r\n\r\n+CNACT: 3,0,"0.0.0.0"\r\n' + OK,
    );
  });
});

describe('FTP GET (§5.1, §5.1.1)', () => {
  it('reads a 50-byte file: 1,1 → 2,50 + data → 1,0', async () => {
    await writeFile(join(server.root, 'simftp.txt'), FIFTY);
    expect(await host.at('AT+FTPGETNAME="simftp.txt"')).toBe(OK);
    expect(await host.at('AT+FTPGETPATH="/"')).toBe(OK);
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    expect((await host.until('+FTPGET: 1,1\r\n')).toString()).toBe('\r\n+FTPGET: 1,1\r\n');
    await host.settle();
    expect(await host.at('AT+FTPGET=2,1024')).toBe(`\r\n+FTPGET: 2,50\r\n${FIFTY}` + OK);
    expect((await host.until('+FTPGET: 1,0\r\n')).toString()).toBe('\r\n+FTPGET: 1,0\r\n');
    // §5.6: reading after the session ended is an ERROR.
    expect(await host.at('AT+FTPGET=2,1000')).toBe(ERROR);
  });

  it('downloads a large binary file in 1024-byte reads with identical sha256', async () => {
    const data = Buffer.alloc(200_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 8)) & 0xff;
    await writeFile(join(server.root, 'big.bin'), data);
    await host.at('AT+FTPGETNAME="big.bin"');
    await host.at('AT+FTPGETPATH="/"');
    await host.at('AT+FTPGET=1');
    await host.until('\r\n+FTPGET: 1,1\r\n');
    const got = await readSession(host, '+FTPGET');
    expect(sha(got)).toBe(sha(data));
  });
});

describe('FTP PUT (§5.2, §5.1.2)', () => {
  it('uploads 100 bytes in one chunk and closes with 2,0', async () => {
    await host.at('AT+FTPPUTNAME="simftp.txt"');
    await host.at('AT+FTPPUTPATH="/"');
    expect(await host.at('AT+FTPPUT=1')).toBe(OK);
    expect((await host.until('+FTPPUT: 1,1,1360\r\n')).toString()).toBe('\r\n+FTPPUT: 1,1,1360\r\n');
    host.send('AT+FTPPUT=2,100\r');
    expect((await host.until('+FTPPUT: 2,100\r\n')).toString()).toBe('\r\n+FTPPUT: 2,100\r\n');
    const payload = Buffer.from(FIFTY + FIFTY);
    host.send(payload);
    expect((await host.until(OK)).toString()).toBe(OK);
    expect((await host.until('+FTPPUT: 1,1,1360\r\n')).toString()).toBe('\r\n+FTPPUT: 1,1,1360\r\n');
    expect(await host.at('AT+FTPPUT=2,0')).toBe(OK);
    expect((await host.until('+FTPPUT: 1,0\r\n')).toString()).toBe('\r\n+FTPPUT: 1,0\r\n');
    expect(await readFile(join(server.root, 'simftp.txt'))).toEqual(payload);
    // §5.6: writing after the session stopped.
    expect(await host.at('AT+FTPPUT=2,100')).toBe(ERROR);
  });
});

describe('errors (§5.4–5.6)', () => {
  it('reports 72 for a wrong password', async () => {
    await host.at('AT+FTPPW="3214567"');
    await host.at('AT+FTPGETNAME="x.txt"');
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    expect((await host.until('+FTPGET: 1,72\r\n')).toString()).toBe('\r\n+FTPGET: 1,72\r\n');
  });

  it('reports 66 for an empty get name and for a second PUT session', async () => {
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    expect((await host.until('+FTPGET: 1,66\r\n')).toString()).toBe('\r\n+FTPGET: 1,66\r\n');
    await host.at('AT+FTPPUTNAME="twice.txt"');
    expect(await host.at('AT+FTPPUT=1')).toBe(OK);
    expect(await host.at('AT+FTPPUT=1')).toBe(OK);
    await host.until('+FTPPUT: 1,66\r\n');
    await host.until('+FTPPUT: 1,1,1360\r\n');
    expect(await host.at('AT+FTPPUT=2,0')).toBe(OK);
    await host.until('+FTPPUT: 1,0\r\n');
  });

  it('refuses reads before +FTPGET: 1,1 and writes before +FTPPUT: 1,1,1360', async () => {
    await writeFile(join(server.root, 'early.txt'), FIFTY);
    await host.at('AT+FTPGETNAME="early.txt"');
    host.send('AT+FTPGET=1\r');
    host.send('AT+FTPGET=2,1000\r');
    expect((await host.until(ERROR)).toString()).toBe(OK + ERROR);
    await host.until('\r\n+FTPGET: 1,1\r\n');
    await host.settle();
    expect(await host.at('AT+FTPGET=2,1000')).toBe(`\r\n+FTPGET: 2,50\r\n${FIFTY}` + OK);
    await host.until('+FTPGET: 1,0\r\n');
    await host.at('AT+FTPPUTNAME="early-put.txt"');
    host.send('AT+FTPPUT=1\r');
    host.send('AT+FTPPUT=2,1000\r');
    expect((await host.until(ERROR)).toString()).toBe(OK + ERROR);
    await host.until('+FTPPUT: 1,1,1360\r\n');
    host.send('AT+FTPPUT=2,100\r');
    await host.until('+FTPPUT: 2,100\r\n');
    host.send(Buffer.alloc(100, 0x41));
    await host.until(OK);
    await host.until('+FTPPUT: 1,1,1360\r\n');
    expect(await host.at('AT+FTPPUT=2,0')).toBe(OK);
    await host.until('+FTPPUT: 1,0\r\n');
    expect(await host.at('AT+FTPPUT=2,100')).toBe(ERROR);
  });
});

describe('resume, DELE, SIZE, MKD/RMD, LIST (§5.7–5.11)', () => {
  it('resumes a download at FTPREST', async () => {
    await writeFile(join(server.root, 'rest.txt'), 'wodeceshijieguo,zhgeshigeshia');
    await host.at('AT+FTPGETNAME="rest.txt"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPREST=20')).toBe(OK);
    await host.at('AT+FTPGET=1');
    await host.until('+FTPGET: 1,1\r\n');
    await host.settle();
    expect(await host.at('AT+FTPGET=2,1024')).toBe('\r\n+FTPGET: 2,9\r\nshigeshia' + OK);
    await host.until('+FTPGET: 1,0\r\n');
  });

  it('deletes, sizes, makes and removes directories', async () => {
    await writeFile(join(server.root, 'simftp.txt'), Buffer.alloc(1024, 1));
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPSIZE')).toBe(OK);
    expect((await host.until('+FTPSIZE: 1,0,1024\r\n')).toString()).toBe('\r\n+FTPSIZE: 1,0,1024\r\n');
    // ftp-srv answers SIZE of an empty file with "213 File status" (no number): 0, not NaN.
    await writeFile(join(server.root, 'empty.txt'), '');
    await host.at('AT+FTPGETNAME="empty.txt"');
    expect(await host.at('AT+FTPSIZE')).toBe(OK);
    expect((await host.until('+FTPSIZE: 1,0,0\r\n')).toString()).toBe('\r\n+FTPSIZE: 1,0,0\r\n');
    await host.at('AT+FTPGETNAME="simftp.txt"');
    expect(await host.at('AT+FTPDELE')).toBe(OK);
    await host.until('\r\n+FTPDELE: 1,0\r\n');
    await expect(stat(join(server.root, 'simftp.txt'))).rejects.toThrow();
    expect(await host.at('AT+FTPSIZE')).toBe(OK);
    expect((await host.until('+FTPSIZE: 1,77,0\r\n')).toString()).toBe('\r\n+FTPSIZE: 1,77,0\r\n');
    await host.at('AT+FTPGETPATH="/test"');
    expect(await host.at('AT+FTPMKD')).toBe(OK);
    await host.until('\r\n+FTPMKD: 1,0\r\n');
    expect((await stat(join(server.root, 'test'))).isDirectory()).toBe(true);
    expect(await host.at('AT+FTPRMD')).toBe(OK);
    await host.until('\r\n+FTPRMD: 1,0\r\n');
    await expect(stat(join(server.root, 'test'))).rejects.toThrow();
  });

  it('lists a directory and a single file', async () => {
    await mkdir(join(server.root, 'dir'));
    await writeFile(join(server.root, 'dir', 'simftp.txt'), 'hello');
    await host.at('AT+FTPGETPATH="/dir"');
    expect(await host.at('AT+FTPLIST=1')).toBe(OK);
    await host.until('\r\n+FTPLIST: 1,1\r\n');
    await host.settle();
    const reply = await host.at('AT+FTPLIST=2,1024');
    expect(reply).toMatch(/^\r\n\+FTPLIST: 2,(\d+)\r\n[\s\S]*simftp\.txt\r\n\r\nOK\r\n$/);
    const n = Number(/2,(\d+)/.exec(reply)?.[1]);
    expect(reply.length).toBe('\r\n+FTPLIST: 2,'.length + String(n).length + 2 + n + OK.length);
    await host.until('\r\n+FTPLIST: 1,0\r\n');
  });
});

describe('extended and ET methods (§5.12–5.15, V1.02 §5.1.19)', () => {
  it('EXTPUT: fills the RAM cache then FTPPUT=1 uploads it', async () => {
    await host.at('AT+FTPPUTNAME="ext.bin"');
    await host.at('AT+FTPPUTPATH="/"');
    expect(await host.at('AT+FTPEXTPUT=1')).toBe(OK);
    host.send('AT+FTPEXTPUT=2,0,1024,10000\r');
    expect((await host.until('+FTPEXTPUT: 0,1024\r\n')).toString()).toBe('\r\n+FTPEXTPUT: 0,1024\r\n');
    const data = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 31) & 0xff));
    host.send(data);
    expect((await host.until(OK)).toString()).toBe(OK);
    expect(await host.at('AT+FTPEXTPUT?')).toBe('\r\n+FTPEXTPUT: 1,1024\r\n' + OK);
    expect(await host.at('AT+FTPPUT=1')).toBe(OK);
    expect((await host.until('+FTPPUT: 1,0\r\n')).toString()).toBe('\r\n+FTPPUT: 1,0\r\n');
    expect(await host.at('AT+FTPEXTPUT=0')).toBe(OK);
    expect(await readFile(join(server.root, 'ext.bin'))).toEqual(data);
  });

  it('EXTGET: downloads to RAM, reports progress, dumps with mode 3', async () => {
    const data = Buffer.from(Array.from({ length: 174125 }, (_, i) => (i * 13) & 0xff));
    await writeFile(join(server.root, 'simftp.txt'), data);
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPEXTGET=1')).toBe(OK);
    expect(await host.at('AT+FTPEXTGET?')).toMatch(/^\r\n\+FTPEXTGET: 1,\d+\r\n\r\nOK\r\n$/);
    await host.until('\r\n+FTPEXTGET: 1,0\r\n');
    host.send('AT+FTPEXTGET=3,0,174125\r');
    expect((await host.until('+FTPEXTGET: 3,174125\r\n')).toString()).toBe('\r\n+FTPEXTGET: 3,174125\r\n');
    expect(sha(await host.bytes(174125))).toBe(sha(data));
    expect((await host.bytes(OK.length)).toString()).toBe(OK);
    expect(await host.at('AT+FTPEXTGET=0')).toBe(OK);
  });

  it('EXTGET=2 downloads into the file system and FTPTOFSST reports it', async () => {
    await writeFile(join(server.root, 'simftp.txt'), Buffer.alloc(1000, 7));
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPEXTGET=2,3,"fssimftp.txt"')).toBe(OK);
    expect((await host.until('+FTPEXTGETFILE: 1,0\r\n')).toString()).toBe('\r\n+FTPEXTGETFILE: 1,0\r\n');
    expect(await host.at('AT+FTPTOFSST')).toBe('\r\n+FTPTOFSST: 0,0,1000\r\n' + OK);
    // The file exists now: a second download to the same name is refused.
    expect(await host.at('AT+FTPEXTGET=2,3,"fssimftp.txt"')).toBe(ERROR);
    await host.at('AT+CFSINIT');
    expect(await host.at('AT+CFSGFIS=3,"fssimftp.txt"')).toBe('\r\n+CFSGFIS: 1000\r\n' + OK);
  });

  it('ETPUT: stuffed upload ended by ETX', async () => {
    await host.at('AT+FTPPUTNAME="et.bin"');
    await host.at('AT+FTPPUTPATH="/"');
    expect(await host.at('AT+FTPETPUT=1')).toBe(OK);
    await host.until('\r\n+FTPETPUT: 1,1\r\n');
    host.send('AT+FTPETPUT=2\r');
    expect((await host.until('+FTPETPUT: 2,1\r\n')).toString()).toBe('\r\n+FTPETPUT: 2,1\r\n');
    host.send(Buffer.from([0x41, 0x10, 0x03, 0x42, 0x10, 0x10, 0x43, 0x03]));
    expect((await host.until(OK)).toString()).toBe(OK);
    await host.until('\r\n+FTPETPUT: 1,0\r\n');
    expect(await readFile(join(server.root, 'et.bin'))).toEqual(Buffer.from([0x41, 0x03, 0x42, 0x10, 0x43]));
  });

  it('ETGET: stuffed download ended by ETX', async () => {
    await writeFile(join(server.root, 'simftp.txt'), Buffer.from([0x30, 0x03, 0x31, 0x10, 0x32]));
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPETGET=1')).toBe(OK);
    const all = await host.until('+FTPETGET: 1,0\r\n');
    expect(all).toEqual(
      Buffer.concat([
        Buffer.from('\r\n+FTPETGET: 1,1\r\n'),
        Buffer.from([0x30, 0x10, 0x03, 0x31, 0x10, 0x10, 0x32, 0x03]),
        Buffer.from('\r\n+FTPETGET: 1,0\r\n'),
      ]),
    );
  });
});

describe('QUIT, RENAME, MDTM (§5.16–5.18)', () => {
  it('FTPQUIT ends a running GET with 80; idle FTPQUIT is ERROR', async () => {
    await writeFile(join(server.root, 'simftp.txt'), FIFTY);
    await host.at('AT+FTPGETNAME="simftp.txt"');
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    expect(await host.at('AT+FTPQUIT')).toBe(OK);
    await host.until('\r\n+FTPGET: 1,80\r\n');
    expect(await host.at('AT+FTPSTATE')).toBe('\r\n+FTPSTATE: 0\r\n' + OK);
    expect(await host.at('AT+FTPQUIT')).toBe(ERROR);
    expect(await host.at('AT+FTPQUIT=1')).toBe(ERROR);
  });

  it('renames and reads the modification time', async () => {
    await writeFile(join(server.root, 'simftp.txt'), 'x');
    await host.at('AT+FTPGETPATH="/"');
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPPUTNAME="simftp2.txt"');
    expect(await host.at('AT+FTPRENAME')).toBe(OK);
    await host.until('\r\n+FTPRENAME: 1,0\r\n');
    expect((await stat(join(server.root, 'simftp2.txt'))).size).toBe(1);
    await host.at('AT+FTPGETNAME="simftp2.txt"');
    expect(await host.at('AT+FTPMDTM')).toBe(OK);
    const urc = (await host.until(/* 14 digits */ '\r\n', 5000)).toString() + (await host.until('\r\n')).toString();
    expect(urc).toMatch(/^\r\n\+FTPMDTM: 1,0,\d{14}\r\n$/);
  });
});
