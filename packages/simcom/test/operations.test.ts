import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError, type FtpSession } from '@cellftp/core';
import { startRig, type Rig } from './harness.js';

let rig: Rig;
let ftp: FtpSession;
beforeAll(async () => {
  rig = await startRig();
  await mkdir(join(rig.server.root, 'docs', 'inner'), { recursive: true });
  await writeFile(join(rig.server.root, 'docs', 'a.txt'), 'alpha');
  await writeFile(join(rig.server.root, 'docs', 'inner', 'b.bin'), Buffer.alloc(1234, 7));
  await utimes(join(rig.server.root, 'docs', 'a.txt'), new Date('2021-03-04T05:06:07Z'), new Date('2021-03-04T05:06:07Z'));
  ftp = await rig.ftp();
});
afterAll(async () => {
  await ftp?.close();
  await rig?.close();
});

const code = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof FtpError ? e.code : String(e)),
  );

describe('session methods against the virtual SIM7080G', () => {
  it('reports what it can do', () => {
    expect(ftp.capabilities).toMatchObject({ persistentSession: false, mlsd: false, nlst: false, serverSideCwd: false });
    expect(ftp.capabilities.downloadStrategies).toEqual(['etget', 'extget', 'chunked']);
    expect(ftp.capabilities.uploadStrategies).toEqual(['etput', 'extput', 'chunked']);
  });

  it('tracks cd/pwd itself and resolves relative paths', async () => {
    expect(await ftp.pwd()).toBe('/');
    await ftp.cd('docs');
    expect(await ftp.pwd()).toBe('/docs');
    await ftp.cd('inner/../inner');
    expect(await ftp.pwd()).toBe('/docs/inner');
    expect(await ftp.size('b.bin')).toBe(1234);
    await ftp.cd('..');
    expect(await ftp.pwd()).toBe('/docs');
    await ftp.cd('/');
    expect(await ftp.pwd()).toBe('/');
  });

  it('cd to a missing directory or to a file fails NOT_FOUND and keeps the directory', async () => {
    await ftp.cd('/docs');
    expect(await code(ftp.cd('nope'))).toBe('NOT_FOUND');
    expect(await code(ftp.cd('/missing/deeper'))).toBe('NOT_FOUND');
    expect(await code(ftp.cd('a.txt'))).toBe('NOT_FOUND');
    expect(await ftp.pwd()).toBe('/docs');
    await ftp.cd('/');
  });

  it('lists (parsed LIST) and lists names', async () => {
    const entries = await ftp.list('docs');
    expect(entries.map((e) => e.name).sort()).toEqual(['a.txt', 'inner']);
    expect(entries.find((e) => e.name === 'a.txt')).toMatchObject({ type: 'file', size: 5 });
    expect(entries.find((e) => e.name === 'inner')?.type).toBe('directory');
    expect((await ftp.listNames('/docs/inner')).sort()).toEqual(['b.bin']);
    await ftp.cd('docs');
    expect((await ftp.listNames()).sort()).toEqual(['a.txt', 'inner']);
    await ftp.cd('/');
  });

  it('size and lastMod', async () => {
    expect(await ftp.size('/docs/a.txt')).toBe(5);
    expect((await ftp.lastMod('/docs/a.txt')).toISOString()).toBe('2021-03-04T05:06:07.000Z');
    expect(await code(ftp.size('/docs/missing.txt'))).toBe('NOT_FOUND');
    expect(await code(ftp.lastMod('/docs/missing.txt'))).toBe('NOT_FOUND');
  });

  it('makeDir, ensureDir, removeEmptyDir', async () => {
    await ftp.makeDir('/made');
    expect((await stat(join(rig.server.root, 'made'))).isDirectory()).toBe(true);
    await ftp.ensureDir('/made/x/y');
    expect(await ftp.pwd()).toBe('/made/x/y');
    expect((await stat(join(rig.server.root, 'made', 'x', 'y'))).isDirectory()).toBe(true);
    await ftp.cd('/');
    await ftp.removeEmptyDir('/made/x/y');
    await expect(stat(join(rig.server.root, 'made', 'x', 'y'))).rejects.toThrow();
  });

  it('rename and remove', async () => {
    await ftp.uploadFrom(Buffer.from('to be renamed'), '/docs/r1.txt');
    await ftp.rename('/docs/r1.txt', '/docs/inner/r2.txt');
    expect(await readFile(join(rig.server.root, 'docs', 'inner', 'r2.txt'), 'utf8')).toBe('to be renamed');
    await ftp.remove('/docs/inner/r2.txt');
    await expect(stat(join(rig.server.root, 'docs', 'inner', 'r2.txt'))).rejects.toThrow();
    expect(await code(ftp.remove('/docs/inner/r2.txt'))).toBe('NOT_FOUND');
    expect(await code(ftp.rename('/docs/none.txt', '/docs/x.txt'))).toBe('NOT_FOUND');
  });

  it('a missing file fails NOT_FOUND with the SIMCom code in every download strategy', async () => {
    for (const downloadStrategy of ['etget', 'extget', 'chunked']) {
      const session = await rig.ftp({ downloadStrategy });
      const error = await session.downloadTo(join(rig.server.root, 'out.bin'), '/docs/absent.bin').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FtpError);
      expect((error as FtpError).code).toBe('NOT_FOUND');
      expect((error as FtpError).vendorCode).toBe(77);
      await session.close();
    }
  });

  it('close sends nothing when no FTP session runs, and the session refuses further use', async () => {
    const session = await rig.ftp();
    rig.clearTrace();
    await session.close();
    expect(rig.commands()).toEqual(['AT+FTPSTATE']);
    expect(session.closed).toBe(true);
    expect(await code(session.pwd())).toBe('CLOSED');
  });
});
