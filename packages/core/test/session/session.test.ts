import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FtpSessionImpl } from '../../src/session/ftp-session-impl.js';
import type { TransferProgress } from '../../src/session/types.js';
import { FakeOps } from '../support/fake-ops.js';
import { allByteValues } from '../support/bytes.js';

const HOSTILE = ['a"b', 'a\rb', 'a\nb', 'a\0b', 'x;AT+CFUN=0', 'a\u2028b', 'a\u0085b', '\ud800bad', 'dir/\udc00', '', 'x'.repeat(65), `${'d/'.repeat(128)}f`];

describe('FtpSessionImpl input validation', () => {
  it.each(HOSTILE)('refuses %j with INVALID_ARGUMENT before any vendor call', async (path) => {
    const ops = new FakeOps();
    const ftp = new FtpSessionImpl(ops);
    const calls = [
      () => ftp.cd(path), () => ftp.list(path), () => ftp.listNames(path), () => ftp.size(path), () => ftp.lastMod(path),
      () => ftp.makeDir(path), () => ftp.ensureDir(path), () => ftp.removeEmptyDir(path), () => ftp.remove(path),
      () => ftp.rename(path, 'ok'), () => ftp.rename('ok', path), () => ftp.downloadTo(new Writable(), path),
      () => ftp.uploadFrom(new Uint8Array(1), path), () => ftp.appendFrom(new Uint8Array(1), path),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ name: 'FtpError', code: 'INVALID_ARGUMENT' });
    expect(ops.calls).toEqual([]);
  });

  it('accepts legal UTF-8 names up to the byte limit (property)', async () => {
    const ops = new FakeOps();
    const ftp = new FtpSessionImpl(ops);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }), async (name) => {
        fc.pre(!/["\u0000-\u001f\u007f-\u009f;\u2028\u2029/]/.test(name) && Buffer.byteLength(name) <= 64);
        await ftp.size(name);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('refuses a negative startAt and a bad upload source', async () => {
    const ftp = new FtpSessionImpl(new FakeOps());
    await expect(ftp.downloadTo(new Writable(), 'a', { startAt: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(ftp.uploadFrom(42 as unknown as Uint8Array, 'a')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('FtpSessionImpl behaviour', () => {
  it('ensureDir creates each missing level and changes into it, like basic-ftp', async () => {
    const ops = new FakeOps();
    ops.dirs.add('/a');
    const ftp = new FtpSessionImpl(ops);
    await ftp.ensureDir('a/b/c');
    expect(await ftp.pwd()).toBe('/a/b/c');
    expect(ops.calls).toEqual(['cd /a', 'cd /a/b', 'mkdir /a/b', 'cd /a/b', 'cd /a/b/c', 'mkdir /a/b/c', 'cd /a/b/c']);
  });

  it('uploads from a file, a Readable and bytes, and downloads to a file with resume', async () => {
    const ops = new FakeOps();
    const ftp = new FtpSessionImpl(ops);
    const dir = mkdtempSync(join(tmpdir(), 'cellftp-'));
    const data = allByteValues(40);
    writeFileSync(join(dir, 'src.bin'), data);
    const progress: TransferProgress[] = [];
    ftp.trackProgress((p) => progress.push(p));
    expect((await ftp.uploadFrom(join(dir, 'src.bin'), 'a.bin')).bytes).toBe(data.length);
    expect((await ftp.uploadFrom(Readable.from([Buffer.from(data.subarray(0, 5000)), Buffer.from(data.subarray(5000))]), 'b.bin')).bytes).toBe(data.length);
    await ftp.appendFrom(data.subarray(0, 10), 'b.bin');
    expect(ops.files.get('/b.bin')?.length).toBe(data.length + 10);
    expect(progress.at(0)).toMatchObject({ remotePath: 'a.bin', direction: 'upload', totalBytes: data.length });
    expect(progress.filter((p) => p.remotePath === 'a.bin').at(-1)?.bytes).toBe(data.length);

    const local = join(dir, 'dst.bin');
    writeFileSync(local, data.subarray(0, 3000));
    const res = await ftp.downloadTo(local, 'a.bin', { startAt: 3000 });
    expect(res.bytes).toBe(data.length - 3000);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(local))).toBe(sha(data));
  });

  it('runs concurrent calls one at a time, in order', async () => {
    const ops = new FakeOps();
    const ftp = new FtpSessionImpl(ops);
    await Promise.all([ftp.remove('1'), ftp.size('2'), ftp.rename('3', '4')]);
    expect(ops.calls).toEqual(['remove 1', 'size 2', 'rename 3 4']);
  });

  it('is closed after close() and refuses further calls with CLOSED', async () => {
    const ops = new FakeOps();
    const ftp = new FtpSessionImpl(ops);
    await ftp.close();
    await ftp.close();
    expect(ftp.closed).toBe(true);
    await expect(ftp.size('a')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('says why in the CLOSED error when the driver lost the session', async () => {
    const ops = new FakeOps();
    const ftp = new FtpSessionImpl(ops);
    ops.closed = true;
    (ops as { closedReason?: string }).closedReason = 'the module restarted (RDY)';
    await expect(ftp.size('a')).rejects.toMatchObject({ code: 'CLOSED', message: 'the FTP session is closed: the module restarted (RDY)' });
  });
});

describe('downloadTo into a caller Writable', () => {
  it('resolves only after the Writable processed every chunk, and leaves it open', async () => {
    const ops = new FakeOps();
    ops.files.set('/slow.bin', allByteValues(20));
    const ftp = new FtpSessionImpl(ops);
    let processed = 0;
    const slow = new Writable({
      highWaterMark: 1 << 20,
      write(chunk: Buffer, _e, cb) {
        setTimeout(() => {
          processed += chunk.length;
          cb();
        }, 2);
      },
    });
    const res = await ftp.downloadTo(slow, 'slow.bin');
    expect(res.bytes).toBe(256 * 20);
    expect(processed).toBe(256 * 20);
    expect(slow.writableEnded).toBe(false);
  });
});
