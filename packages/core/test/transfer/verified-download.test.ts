import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PayloadSink } from '../../src/engine/command.js';
import { FtpError } from '../../src/errors/ftp-error.js';
import type { DownloadContext } from '../../src/session/ftp-ops.js';
import { FtpSessionImpl } from '../../src/session/ftp-session-impl.js';
import { downloadVerified } from '../../src/transfer/index.js';
import { FakeOps } from '../support/fake-ops.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Fails the first `failures` downloads after `cutAt` bytes, like a dropped data connection. */
class FlakyOps extends FakeOps {
  failures = 0;
  cutAt = 0;
  corruptOnce = false;
  readonly starts: number[] = [];
  override async download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    this.starts.push(ctx.startAt);
    const whole = this.files.get(`/${path}`);
    if (!whole) throw new FtpError('NOT_FOUND', `${path}: no such file`, { serverReply: 550 });
    const data = whole.subarray(ctx.startAt);
    if (this.failures > 0) {
      this.failures--;
      await sink(data.subarray(0, this.cutAt));
      throw new FtpError('DATA_CONNECTION', 'data connection closed', { vendorCode: 616 });
    }
    if (this.corruptOnce) {
      this.corruptOnce = false;
      const bad = Buffer.from(data);
      bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
      await sink(bad);
      return bad.length;
    }
    await sink(data);
    return data.length;
  }
}

let dir: string;
let ops: FlakyOps;
const file = randomBytes(50_000);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellftp-verified-'));
  ops = new FlakyOps();
  ops.files.set('/fw.bin', file);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const fast = { backoffMs: 1, maxBackoffMs: 4 };

describe('downloadVerified', () => {
  it('resumes after each failure from the bytes on disk and renames only the verified file', async () => {
    ops.failures = 3;
    ops.cutAt = 7000;
    const retries: number[] = [];
    const dest = join(dir, 'fw.bin');
    const result = await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', dest, {
      sha256: sha(file),
      ...fast,
      onRetry: (r) => retries.push(r.resumeAt),
    });
    expect(result).toEqual({ bytes: file.length, sha256: sha(file), attempts: 4 });
    expect(ops.starts).toEqual([0, 7000, 14000, 21000]);
    expect(retries).toEqual([7000, 14000, 21000]);
    expect(sha(await readFile(dest))).toBe(sha(file));
    expect(existsSync(`${dest}.cellftp-part`)).toBe(false);
  });

  it('backs off exponentially up to the cap', async () => {
    ops.failures = 4;
    ops.cutAt = 10;
    const delays: number[] = [];
    await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', join(dir, 'a.bin'), {
      sha256: sha(file),
      backoffMs: 1,
      maxBackoffMs: 4,
      onRetry: (r) => delays.push(r.delayMs),
    });
    expect(delays).toEqual([1, 2, 4, 4]);
  });

  it('never touches the destination when the sha256 is wrong; a corrupt temp file is discarded, not resumed', async () => {
    const dest = join(dir, 'keep.bin');
    await writeFile(dest, 'previous firmware');
    ops.corruptOnce = true;
    const result = await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', dest, { sha256: sha(file), ...fast });
    expect(result.attempts).toBe(2);
    expect(ops.starts).toEqual([0, 0]);

    ops.corruptOnce = true;
    ops.starts.length = 0;
    const error = await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', dest, { sha256: sha(randomBytes(8)), retries: 1, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FtpError);
    expect((error as FtpError).code).toBe('PROTOCOL');
    expect((error as FtpError).message).toMatch(/sha256/);
    // The verified file from before is still there, untouched.
    expect(sha(await readFile(dest))).toBe(sha(file));
  });

  it('checks the size: a short file is resumed, a longer temp file is restarted', async () => {
    const dest = join(dir, 'b.bin');
    await writeFile(`${dest}.cellftp-part`, Buffer.concat([file, Buffer.from('extra')]));
    await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', dest, { sha256: sha(file), ...fast });
    expect(ops.starts).toEqual([0]);
    expect(sha(await readFile(dest))).toBe(sha(file));
  });

  it('does not retry what a retry cannot cure, and gives up after `retries`', async () => {
    const missing = await downloadVerified(new FtpSessionImpl(ops), 'nope.bin', join(dir, 'c.bin'), { sha256: sha(file), ...fast }).catch((e: unknown) => e);
    expect((missing as FtpError).code).toBe('NOT_FOUND');
    ops.starts.length = 0;
    ops.failures = 10;
    ops.cutAt = 1;
    const tired = await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', join(dir, 'c.bin'), { sha256: sha(file), retries: 2, ...fast }).catch((e: unknown) => e);
    expect((tired as FtpError).code).toBe('DATA_CONNECTION');
    expect(ops.starts).toHaveLength(3);
    const bad = await downloadVerified(new FtpSessionImpl(ops), 'fw.bin', join(dir, 'c.bin'), { sha256: 'xyz' }).catch((e: unknown) => e);
    expect((bad as FtpError).code).toBe('INVALID_ARGUMENT');
  });

  it('reopens a session that reports itself closed when given a function', async () => {
    let opened = 0;
    const open = async (): Promise<FtpSessionImpl> => {
      opened++;
      ops.closed = false;
      return new FtpSessionImpl(ops);
    };
    ops.failures = 1;
    ops.cutAt = 100;
    const origDownload = ops.download.bind(ops);
    ops.download = async (...args) => {
      try {
        return await origDownload(...args);
      } catch (error) {
        // The driver learnt that the module's session is gone.
        ops.closed = true;
        throw error;
      }
    };
    await downloadVerified(open, 'fw.bin', join(dir, 'd.bin'), { sha256: sha(file), ...fast });
    expect(opened).toBe(2);
    expect(ops.starts).toEqual([0, 100]);
    // With a plain session that closed, it says so instead of looping.
    const closed = new FtpSessionImpl(ops);
    await closed.close();
    const error = await downloadVerified(closed, 'fw.bin', join(dir, 'e.bin'), { sha256: sha(file), ...fast }).catch((e: unknown) => e);
    expect((error as FtpError).code).toBe('CLOSED');
  });

  it('an abort stops it at once, between attempts too', async () => {
    ops.failures = 1;
    ops.cutAt = 100;
    const controller = new AbortController();
    const promise = downloadVerified(new FtpSessionImpl(ops), 'fw.bin', join(dir, 'f.bin'), {
      sha256: sha(file),
      backoffMs: 60_000,
      signal: controller.signal,
      onRetry: () => setTimeout(() => controller.abort(), 5),
    });
    const error = await promise.catch((e: unknown) => e);
    expect((error as FtpError).code).toBe('ABORTED');
  });
});
