/**
 * Example (b): a firmware download that survives a dropped connection and is
 * verified before use. Bytes go to `<target>.part`; after a drop the download
 * resumes from the part's size (REST); only a file whose sha256 matches is
 * renamed to `<target>`, so a half or corrupt image is never used.
 *
 *   node --conditions=source --import tsx examples/firmware-download.ts [EC25|SIM7080G]
 *
 * Against the emulator the first attempt is cut after 40 KiB on purpose.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { FtpError, type FtpSession } from '@cellftp/core';
import { modelFromArgs, runIfMain, withEmulator } from './emulator-rig.js';

/** Options of {@link downloadFirmware}. */
export interface FirmwareDownload {
  remotePath: string;
  /** Where the verified image ends up. */
  target: string;
  /** Hex sha256 the image must have. */
  expectedSha256: string;
  /** Logs in (again): a dropped connection may have ended the session. */
  openFtp: () => Promise<FtpSession>;
  /** Attempts in all; default 5. */
  attempts?: number;
  /** Told about each failed attempt and how many bytes were kept for the resume. */
  onRetry?: (attempt: number, keptBytes: number, error: unknown) => void;
}

/** Failures worth another attempt: the link or the server dropped, not a missing file or a refused login. */
const TRANSIENT = new Set(['DATA_CONNECTION', 'NETWORK', 'TIMEOUT', 'CLOSED', 'SERVER', 'PROTOCOL']);

/**
 * Downloads, resuming after drops, verifies sha256, then renames into place.
 * Resolves to the number of attempts used.
 */
export async function downloadFirmware(job: FirmwareDownload): Promise<number> {
  const part = `${job.target}.part`;
  const attempts = job.attempts ?? 5;
  await rm(part, { force: true });
  let ftp: FtpSession | undefined;
  let used = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      used = attempt;
      const resumeAt = await sizeOf(part);
      try {
        if (!ftp || ftp.closed) ftp = await job.openFtp();
        // Our own append stream: what arrived before a drop is kept and flushed whatever happens.
        const out = createWriteStream(part, { flags: 'a' });
        try {
          await ftp.downloadTo(out, job.remotePath, { startAt: resumeAt });
        } finally {
          out.end();
          await finished(out).catch(() => undefined);
        }
        break;
      } catch (error) {
        const transient = error instanceof FtpError && TRANSIENT.has(error.code);
        if (!transient || attempt >= attempts) throw error;
        job.onRetry?.(attempt, await sizeOf(part), error);
        // A session the drop left half-open is closed and opened afresh.
        await ftp?.close().catch(() => undefined);
        ftp = undefined;
      }
    }
    const actual = await sha256File(part);
    if (actual !== job.expectedSha256) {
      await rm(part, { force: true });
      throw new Error(`firmware sha256 mismatch: expected ${job.expectedSha256}, got ${actual}; the image was discarded`);
    }
    await rename(part, job.target);
    return used;
  } finally {
    await ftp?.close().catch(() => undefined);
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const image = new Uint8Array(160 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
  const expectedSha256 = createHash('sha256').update(image).digest('hex');
  const dir = await mkdtemp(join(tmpdir(), 'cellftp-fw-'));
  try {
    await withEmulator(modelFromArgs(), async ({ server, vm, openFtp }) => {
      await writeFile(join(server.root, 'app-2.1.0.bin'), image);
      // The emulator cuts the data connection of the next transfer after 40 KiB: a coverage drop.
      vm.faults.closeDataAfterBytes = 40 * 1024;
      const target = join(dir, 'app.bin');
      const attempts = await downloadFirmware({
        remotePath: '/app-2.1.0.bin',
        target,
        expectedSha256,
        openFtp,
        onRetry: (attempt, kept, error) => {
          console.log(`attempt ${attempt} dropped (${error instanceof Error ? error.message : String(error)}); resuming from byte ${kept}`);
          // Coverage is back.
          delete vm.faults.closeDataAfterBytes;
        },
      });
      console.log(`verified ${expectedSha256.slice(0, 16)}… after ${attempts} attempt(s); ready to flash ${target}`);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
