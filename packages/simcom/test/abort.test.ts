import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError } from '@cellftp/core';
import { DOWNLOAD_STRATEGIES, UPLOAD_STRATEGIES } from '../src/index.js';
import { sha256, startRig, type Rig } from './harness.js';

let rig: Rig;
const big = randomBytes(400 * 1024);
const small = randomBytes(3000);
beforeAll(async () => {
  // Paced so that a transfer is still running when the signal fires.
  rig = await startRig({ baudRate: 460_800 });
  await writeFile(join(rig.server.root, 'big.bin'), big);
  await writeFile(join(rig.server.root, 'small.bin'), small);
});
afterAll(async () => {
  await rig?.close();
});

const discard = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

describe.each(DOWNLOAD_STRATEGIES)('aborting a %s download', (strategy) => {
  it('rejects with ABORTED soon and leaves the session usable', async () => {
    const ftp = await rig.ftp({ downloadStrategy: strategy });
    const controller = new AbortController();
    ftp.trackProgress((p) => {
      if (p.bytes > 2000) controller.abort();
    });
    const started = Date.now();
    const error = await ftp.downloadTo(discard(), 'big.bin', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FtpError);
    expect((error as FtpError).code).toBe('ABORTED');
    // The whole file would take ~9 s at this rate.
    expect(Date.now() - started).toBeLessThan(5000);
    ftp.trackProgress();
    const parts: Buffer[] = [];
    await ftp.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), 'small.bin');
    expect(sha256(Buffer.concat(parts))).toBe(sha256(small));
    expect(await ftp.size('big.bin')).toBe(big.length);
    await ftp.close();
  }, 15_000);
});

describe.each(UPLOAD_STRATEGIES)('aborting a %s upload', (strategy) => {
  it('rejects with ABORTED and the next upload succeeds', async () => {
    const ftp = await rig.ftp({ uploadStrategy: strategy });
    const controller = new AbortController();
    ftp.trackProgress((p) => {
      if (p.bytes > 2000) controller.abort();
    });
    const started = Date.now();
    const error = await ftp.uploadFrom(big, `ab-${strategy}.bin`, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as FtpError).code).toBe('ABORTED');
    expect(Date.now() - started).toBeLessThan(5000);
    ftp.trackProgress();
    await ftp.uploadFrom(small, `after-${strategy}.bin`);
    expect(sha256(await readFile(join(rig.server.root, `after-${strategy}.bin`)))).toBe(sha256(small));
    await ftp.close();
  }, 15_000);
});

it('an already aborted signal writes nothing', async () => {
  const ftp = await rig.ftp();
  rig.clearTrace();
  const error = await ftp.downloadTo(discard(), 'big.bin', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
  expect((error as FtpError).code).toBe('ABORTED');
  expect(rig.commands().filter((c) => c.startsWith('AT+FTPETGET') || c.startsWith('AT+FTPGET'))).toEqual([]);
  await ftp.close();
});
