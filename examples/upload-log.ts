/**
 * Example (a): upload a log file with progress.
 *
 *   node --conditions=source --import tsx examples/upload-log.ts [EC25|SIM7080G]
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FtpSession, TransferResult } from '@cellftp/core';
import { modelFromArgs, runIfMain, withEmulator } from './emulator-rig.js';

/**
 * Uploads `localPath` into `remoteDir` (created if missing), reporting
 * progress as it goes. Works the same on every vendor.
 */
export async function uploadLog(
  ftp: FtpSession,
  localPath: string,
  remoteDir: string,
  onProgress: (percent: number, bytesPerSecond: number) => void = () => undefined,
): Promise<TransferResult & { remotePath: string }> {
  await ftp.ensureDir(remoteDir);
  ftp.trackProgress((p) => onProgress(p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 0, p.bytesPerSecond));
  try {
    const name = basename(localPath);
    const result = await ftp.uploadFrom(localPath, name);
    return { ...result, remotePath: `${remoteDir.replace(/\/$/, '')}/${name}` };
  } finally {
    ftp.trackProgress();
  }
}

async function main(): Promise<void> {
  const log = join(tmpdir(), `device-${process.pid}.log`);
  await writeFile(log, Array.from({ length: 2000 }, (_, i) => `2026-05-01T12:00:${String(i % 60).padStart(2, '0')}Z sensor=${i} ok\n`).join(''));
  await withEmulator(modelFromArgs(), async ({ openFtp }) => {
    const ftp = await openFtp();
    let shown = -10;
    const result = await uploadLog(ftp, log, '/logs/2026-05', (percent, rate) => {
      if (percent >= shown + 10) {
        shown = percent;
        console.log(`${percent}% at ${(rate / 1024).toFixed(1)} KiB/s`);
      }
    });
    console.log(`uploaded ${result.bytes} bytes to ${result.remotePath} in ${result.durationMs} ms`);
    await ftp.close();
  });
}

runIfMain(import.meta.url, main);
