/**
 * Example (b): a firmware download that survives a dropped connection and is
 * verified before use, with core's `downloadVerified`. Bytes go to
 * `<target>.part`; after a drop the download resumes from the part's size
 * (REST) with back-off; only a file whose size and sha256 match is renamed to
 * `<target>`, so a half or corrupt image is never used.
 *
 *   node --conditions=source --import tsx examples/firmware-download.ts [EC25|SIM7080G]
 *
 * Against the emulator the first attempt is cut after 40 KiB on purpose.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadVerified, FtpError, type FtpSession } from '@cellftp/core';
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

/**
 * Downloads, resuming after drops, verifies sha256, then renames into place,
 * using core's `downloadVerified`. Resolves to the number of attempts used.
 */
export async function downloadFirmware(job: FirmwareDownload): Promise<number> {
  let ftp: FtpSession | undefined;
  const open = async (): Promise<FtpSession> => {
    // A session the drop left closed (or half-open) is replaced by a fresh login.
    if (ftp && !ftp.closed) await ftp.close().catch(() => undefined);
    ftp = await job.openFtp();
    return ftp;
  };
  try {
    const result = await downloadVerified(open, job.remotePath, job.target, {
      sha256: job.expectedSha256,
      retries: (job.attempts ?? 5) - 1,
      tempPath: `${job.target}.part`,
      backoffMs: 200,
      onRetry: ({ attempt, error, resumeAt }) => job.onRetry?.(attempt, resumeAt, error),
    });
    return result.attempts;
  } catch (error) {
    if (error instanceof FtpError && error.code === 'PROTOCOL' && /sha256/.test(error.message)) {
      throw new Error(`firmware sha256 mismatch: ${error.message}; the image was discarded`, { cause: error });
    }
    throw error;
  } finally {
    await ftp?.close().catch(() => undefined);
  }
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
