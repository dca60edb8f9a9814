/**
 * Binary safety of the SIM7080G data paths, checked byte for byte on the wire
 * and by sha256 of the file on a real server (ftp-srv).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stuff } from '../src/sim7080/index.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';
import { connectTo, Host, OK, readSession } from './sim7080-harness.js';

let server: RunningTestFtpServer;
let host: Host;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every byte value four times, plus the strings a naive framer would stop at. */
const NASTY = Buffer.concat([
  Buffer.from(Array.from({ length: 1024 }, (_, i) => i & 0xff)),
  Buffer.from('\r\nOK\r\n\r\n+FTPGET: 1,0\r\n\r\nERROR\r\n'),
  Buffer.from([0x03, 0x10, 0x10, 0x03, 0x03, 0x10]),
  Buffer.from(Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? 0x03 : i % 3 === 1 ? 0x10 : 0x0d))),
]);

beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  host = new Host();
  await connectTo(host, server);
});
afterEach(async () => {
  await host.model.close();
});

describe('FTPGET=2 is length-framed', () => {
  it('delivers all 256 byte values and embedded OK / URC text unchanged', async () => {
    await writeFile(join(server.root, 'nasty.bin'), NASTY);
    await host.at('AT+FTPGETNAME="nasty.bin"');
    await host.at('AT+FTPGETPATH="/"');
    await host.at('AT+FTPGET=1');
    await host.until('\r\n+FTPGET: 1,1\r\n');
    const got = await readSession(host, '+FTPGET', 1460);
    expect(got.length).toBe(NASTY.length);
    expect(sha(got)).toBe(sha(NASTY));
  });
});

describe('FTPPUT=2 takes exactly <cnflength> raw bytes', () => {
  it('uploads all 256 byte values in chunks, identical on the server', async () => {
    await host.at('AT+FTPPUTNAME="up.bin"');
    await host.at('AT+FTPPUTPATH="/"');
    await host.at('AT+FTPPUT=1');
    for (let off = 0; off < NASTY.length; off += 1360) {
      await host.until('\r\n+FTPPUT: 1,1,1360\r\n');
      const part = NASTY.subarray(off, off + 1360);
      host.send(`AT+FTPPUT=2,${part.length}\r`);
      await host.until(`\r\n+FTPPUT: 2,${part.length}\r\n`);
      host.send(part);
      expect((await host.until(OK)).toString()).toBe(OK);
    }
    await host.until('\r\n+FTPPUT: 1,1,1360\r\n');
    expect(await host.at('AT+FTPPUT=2,0')).toBe(OK);
    await host.until('\r\n+FTPPUT: 1,0\r\n');
    expect(sha(await readFile(join(server.root, 'up.bin')))).toBe(sha(NASTY));
  });

  it('confirms at most <maxlength> when more is requested', async () => {
    await host.at('AT+FTPPUTNAME="cap.bin"');
    await host.at('AT+FTPPUT=1');
    await host.until('\r\n+FTPPUT: 1,1,1360\r\n');
    host.send('AT+FTPPUT=2,1460\r');
    await host.until('\r\n+FTPPUT: 2,1360\r\n');
    host.send(Buffer.alloc(1360, 0x5a));
    await host.until(OK);
    await host.until('\r\n+FTPPUT: 1,1,1360\r\n');
    expect(await host.at('AT+FTPPUT=2,1461')).toBe('\r\nERROR\r\n');
    expect(await host.at('AT+FTPPUT=2,0')).toBe(OK);
    await host.until('\r\n+FTPPUT: 1,0\r\n');
    expect((await readFile(join(server.root, 'cap.bin'))).length).toBe(1360);
  });
});

describe('FTPETGET / FTPETPUT DLE stuffing', () => {
  it('ETGET sends DLE-stuffed bytes then a bare ETX', async () => {
    await writeFile(join(server.root, 'et.bin'), NASTY);
    await host.at('AT+FTPGETNAME="et.bin"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPETGET=1')).toBe(OK);
    await host.until('\r\n+FTPETGET: 1,1\r\n');
    const wire = stuff(NASTY);
    expect(sha(await host.bytes(wire.length))).toBe(sha(wire));
    expect(await host.bytes(1)).toEqual(Buffer.from([0x03]));
    expect((await host.until('\r\n+FTPETGET: 1,0\r\n')).toString()).toBe('\r\n+FTPETGET: 1,0\r\n');
  });

  it('ETGET after FTPREST=<size> opens and closes data mode with nothing in between', async () => {
    await writeFile(join(server.root, 'done.bin'), NASTY);
    await host.at('AT+FTPGETNAME="done.bin"');
    await host.at(`AT+FTPREST=${NASTY.length}`);
    expect(await host.at('AT+FTPETGET=1')).toBe(OK);
    expect((await host.until('\r\n+FTPETGET: 1,0\r\n')).toString('latin1')).toBe('\r\n+FTPETGET: 1,1\r\n\x03\r\n+FTPETGET: 1,0\r\n');
    await host.at('AT+FTPREST=0');
  });

  it('ETPUT un-stuffs the host stream, split at every awkward boundary', async () => {
    await host.at('AT+FTPPUTNAME="etput.bin"');
    await host.at('AT+FTPPUTPATH="/"');
    await host.at('AT+FTPETPUT=1');
    await host.until('\r\n+FTPETPUT: 1,1\r\n');
    host.send('AT+FTPETPUT=2\r');
    await host.until('\r\n+FTPETPUT: 2,1\r\n');
    const wire = Buffer.concat([stuff(NASTY), Buffer.from([0x03])]);
    // 7-byte pieces split DLE from the byte it escapes many times over.
    for (let i = 0; i < wire.length; i += 7) host.send(wire.subarray(i, i + 7));
    expect((await host.until(OK)).toString()).toBe(OK);
    await host.until('\r\n+FTPETPUT: 1,0\r\n');
    expect(sha(await readFile(join(server.root, 'etput.bin')))).toBe(sha(NASTY));
    // Command mode is back.
    expect(await host.at('AT')).toBe(OK);
  });
});
