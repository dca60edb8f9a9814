import { mkdirSync, readFileSync, existsSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { FtpError, type FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session, startRig, startTestFtpServer, writtenText, type Rig, type RunningTestFtpServer } from './support/harness.js';

let server: RunningTestFtpServer;
let rig: Rig;
let ftp: FtpSession;

beforeAll(async () => {
  server = await startTestFtpServer();
  rig = await startRig();
  ftp = await session(rig, server);
});
afterAll(async () => {
  await ftp?.close();
  await rig?.close();
  await server?.stop();
});

async function rejection(p: Promise<unknown>): Promise<FtpError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FtpError);
  return error as FtpError;
}

describe('directory and file operations against ftp-srv (no MLSD)', () => {
  it('cd / pwd track the server-side directory', async () => {
    mkdirSync(join(server.root, 'docs'), { recursive: true });
    expect(await ftp.pwd()).toBe('/');
    await ftp.cd('docs');
    expect(await ftp.pwd()).toBe('/docs');
    await ftp.cd('/');
    expect(await ftp.pwd()).toBe('/');
  });

  it('list falls back from MLSD to LIST and parses Unix format', async () => {
    writeFileSync(join(server.root, 'one.txt'), 'hello');
    mkdirSync(join(server.root, 'sub'), { recursive: true });
    const from = rig.written.length;
    const entries = await ftp.list();
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('one.txt')).toMatchObject({ type: 'file', size: 5 });
    expect(byName.get('sub')?.type).toBe('directory');
    const sent = writtenText(rig, from);
    expect(sent).toContain('AT+QFTPMLSD=".","RAM:cftp.lst"\r');
    expect(sent).toContain('AT+QFTPLIST=".","RAM:cftp.lst"\r');
    // Once the server has said it lacks MLSD, the driver does not ask again.
    const again = rig.written.length;
    await ftp.list('sub');
    expect(writtenText(rig, again)).not.toContain('QFTPMLSD');
  });

  it('listNames returns the NLST names, even a file literally named OK', async () => {
    mkdirSync(join(server.root, 'names'), { recursive: true });
    for (const n of ['OK', 'ERROR', 'a b.txt']) writeFileSync(join(server.root, 'names', n), 'x');
    expect((await ftp.listNames('names')).sort()).toEqual(['ERROR', 'OK', 'a b.txt']);
    expect(await ftp.listNames()).toContain('one.txt');
  });

  it('size and lastMod', async () => {
    writeFileSync(join(server.root, 'sized.bin'), Buffer.alloc(1234));
    utimesSync(join(server.root, 'sized.bin'), new Date('2021-03-04T05:06:07Z'), new Date('2021-03-04T05:06:07Z'));
    expect(await ftp.size('sized.bin')).toBe(1234);
    expect((await ftp.lastMod('sized.bin')).toISOString()).toBe('2021-03-04T05:06:07.000Z');
  });

  it('makeDir, ensureDir, rename, remove, removeEmptyDir', async () => {
    await ftp.makeDir('made');
    expect(existsSync(join(server.root, 'made'))).toBe(true);
    await ftp.ensureDir('/deep/er/est');
    expect(existsSync(join(server.root, 'deep/er/est'))).toBe(true);
    expect(await ftp.pwd()).toBe('/deep/er/est');
    await ftp.cd('/');
    writeFileSync(join(server.root, 'old.txt'), 'x');
    await ftp.rename('old.txt', 'new.txt');
    expect(existsSync(join(server.root, 'new.txt'))).toBe(true);
    expect(existsSync(join(server.root, 'old.txt'))).toBe(false);
    await ftp.remove('new.txt');
    expect(existsSync(join(server.root, 'new.txt'))).toBe(false);
    await ftp.removeEmptyDir('made');
    expect(existsSync(join(server.root, 'made'))).toBe(false);
  });

  it('a missing file is NOT_FOUND with the server reply 550 and vendor code 627', async () => {
    const error = await rejection(ftp.size('missing.bin'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', serverReply: 550, vendorCode: 627 });
    expect(error.command).toBe('AT+QFTPSIZE="missing.bin"');
    expect((await rejection(ftp.remove('missing.bin'))).code).toBe('NOT_FOUND');
    expect((await rejection(ftp.downloadTo(join(server.root, '..', 'never.bin'), 'missing.bin'))).code).toBe('NOT_FOUND');
    // The session is still usable afterwards.
    expect(await ftp.pwd()).toBe('/');
  });

  it('writes exactly the documented bytes', async () => {
    const from = rig.written.length;
    await ftp.size('sized.bin');
    await ftp.makeDir('x y');
    await ftp.rename('x y', 'x-y');
    await ftp.removeEmptyDir('x-y');
    expect(writtenText(rig, from)).toBe(
      'AT+QFTPSIZE="sized.bin"\rAT+QFTPMKDIR="x y"\rAT+QFTPRENAME="x y","x-y"\rAT+QFTPRMDIR="x-y"\r',
    );
  });

  it.each([
    ['a quote', 'a"b.txt'],
    ['CR', 'a\rb.txt'],
    ['LF', 'a\nAT+QFTPDEL="x"'],
    ['NUL', 'a\u0000b'],
    ['a 256-byte name', 'n'.repeat(256)],
    ['a 256-byte path', `${'d'.repeat(200)}/${'f'.repeat(55)}`],
  ])('refuses a path with %s before writing anything', async (_what, path) => {
    const from = rig.written.length;
    for (const call of [
      () => ftp.size(path),
      () => ftp.remove(path),
      () => ftp.rename('ok.txt', path),
      () => ftp.uploadFrom(Buffer.from('x'), path),
      () => ftp.downloadTo(join(server.root, 'dl-never.bin'), path),
      () => ftp.cd(path),
    ]) {
      expect((await rejection(call())).code).toBe('INVALID_ARGUMENT');
    }
    expect(rig.written.length).toBe(from);
    expect(existsSync(join(server.root, 'dl-never.bin'))).toBe(false);
  });

  it('accepts a 255-byte name (the documented limit)', async () => {
    const name = 'n'.repeat(255);
    writeFileSync(join(server.root, name), 'abc');
    expect(await ftp.size(name)).toBe(3);
  });

  it('refuses a port out of range and an unknown strategy before writing', async () => {
    const from = rig.written.length;
    expect((await rejection(rig.modem.ftp({ host: '127.0.0.1', port: 70000 }))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(rig.modem.ftp({ host: '127.0.0.1', port: 21, downloadStrategy: 'teleport' }))).code).toBe('INVALID_ARGUMENT');
    expect(rig.written.length).toBe(from);
  });

  it('uploads and downloads a small file with progress', async () => {
    const seen: number[] = [];
    ftp.trackProgress((p) => seen.push(p.bytes));
    await ftp.uploadFrom(Buffer.from('hello world'), 'small.txt');
    expect(readFileSync(join(server.root, 'small.txt'), 'utf8')).toBe('hello world');
    ftp.trackProgress();
    expect(seen.at(-1)).toBe(11);
  });
});
