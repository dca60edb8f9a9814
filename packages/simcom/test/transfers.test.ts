import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferProgress } from '@cellftp/core';
import { DOWNLOAD_STRATEGIES, UPLOAD_STRATEGIES } from '../src/index.js';
import { allBytes, dangerousPayload, sha256, startRig, type Rig } from './harness.js';

/** Collects a download into memory. */
function collector(): { sink: Writable; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  return { sink: new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), bytes: () => Buffer.concat(parts) };
}

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

const FILES = {
  'all-bytes': allBytes(),
  dangerous: dangerousPayload(),
  empty: Buffer.alloc(0),
};

describe.each(DOWNLOAD_STRATEGIES)('download strategy %s', (strategy) => {
  it.each(Object.keys(FILES))('round-trips the %s file with identical sha256', async (name) => {
    const data = FILES[name as keyof typeof FILES];
    await writeFile(join(rig.server.root, `d-${strategy}-${name}.bin`), data);
    const ftp = await rig.ftp({ downloadStrategy: strategy });
    expect(ftp.capabilities.downloadStrategies[0]).toBe(strategy);
    const out = collector();
    const result = await ftp.downloadTo(out.sink, `d-${strategy}-${name}.bin`);
    expect(result.bytes).toBe(data.length);
    expect(sha256(out.bytes())).toBe(sha256(data));
    await ftp.close();
  });

  it('resumes with startAt (FTPREST) into a local file', async () => {
    const data = allBytes(3000);
    await writeFile(join(rig.server.root, `resume-${strategy}.bin`), data);
    const local = join(rig.server.root, `local-${strategy}.bin`);
    await writeFile(local, data.subarray(0, 1000));
    const ftp = await rig.ftp({ downloadStrategy: strategy });
    const result = await ftp.downloadTo(local, `resume-${strategy}.bin`, { startAt: 1000 });
    expect(result.bytes).toBe(data.length - 1000);
    expect(sha256(await readFile(local))).toBe(sha256(data));
    // FTPREST is set again (to 0) for the next full download.
    const out = collector();
    await ftp.downloadTo(out.sink, `resume-${strategy}.bin`);
    expect(sha256(out.bytes())).toBe(sha256(data));
    await ftp.close();
  });

  it('reports progress and honours a slow destination (backpressure)', async () => {
    const data = randomBytes(40_000);
    await writeFile(join(rig.server.root, `slow-${strategy}.bin`), data);
    const ftp = await rig.ftp({ downloadStrategy: strategy });
    const seen: TransferProgress[] = [];
    ftp.trackProgress((p) => seen.push(p));
    const parts: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write: (c: Buffer, _e, cb) => {
        parts.push(c);
        setTimeout(cb, 1);
      },
    });
    await ftp.downloadTo(slow, `slow-${strategy}.bin`);
    // downloadTo leaves a caller's Writable open; end it to let its queued writes land.
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
    expect(seen.at(-1)?.bytes).toBe(data.length);
    expect(seen.every((p) => p.direction === 'download')).toBe(true);
    await ftp.close();
  });
});

describe.each(UPLOAD_STRATEGIES)('upload strategy %s', (strategy) => {
  it.each(Object.keys(FILES))('round-trips the %s file with identical sha256', async (name) => {
    const data = FILES[name as keyof typeof FILES];
    const ftp = await rig.ftp({ uploadStrategy: strategy });
    expect(ftp.capabilities.uploadStrategies[0]).toBe(strategy);
    const result = await ftp.uploadFrom(data, `u-${strategy}-${name}.bin`);
    expect(result.bytes).toBe(data.length);
    expect(sha256(await readFile(join(rig.server.root, `u-${strategy}-${name}.bin`)))).toBe(sha256(data));
    await ftp.close();
  });

  it('uploads from a Readable and appends with appendFrom (FTPPUTOPT "APPE")', async () => {
    const head = allBytes(2000);
    const tail = dangerousPayload();
    const ftp = await rig.ftp({ uploadStrategy: strategy });
    const stream = new PassThrough();
    const done = ftp.uploadFrom(stream, `app-${strategy}.bin`);
    stream.end(head);
    await done;
    await ftp.appendFrom(Readable.from([tail.subarray(0, 100), tail.subarray(100)]), `app-${strategy}.bin`);
    expect(sha256(await readFile(join(rig.server.root, `app-${strategy}.bin`)))).toBe(sha256(Buffer.concat([head, tail])));
    await ftp.close();
  });
});

describe('files beyond the module RAM (300k): EXTGET/EXTPUT rounds', () => {
  it('extput uploads and extget downloads 700 KiB in FTPREST / APPE rounds', async () => {
    const data = randomBytes(700 * 1024);
    const ftp = await rig.ftp({ uploadStrategy: 'extput', downloadStrategy: 'extget' });
    rig.clearTrace();
    await ftp.uploadFrom(data, 'big.bin');
    expect(sha256(await readFile(join(rig.server.root, 'big.bin')))).toBe(sha256(data));
    expect(rig.commands().filter((c) => c === 'AT+FTPPUT=1')).toHaveLength(3);
    expect(rig.commands()).toContain('AT+FTPPUTOPT="APPE"');
    rig.clearTrace();
    const out = collector();
    await ftp.downloadTo(out.sink, 'big.bin', { startAt: 5 });
    expect(sha256(out.bytes())).toBe(sha256(data.subarray(5)));
    expect(rig.commands().filter((c) => c === 'AT+FTPEXTGET=1')).toHaveLength(3);
    expect(rig.commands()).toContain(`AT+FTPREST=${5 + 300 * 1024}`);
    await ftp.close();
  }, 20_000);
});
