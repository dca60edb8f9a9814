import { rename, rm, stat } from 'node:fs/promises';
import type { TransferResult } from '@cellftp/core';
import { basename } from 'node:path';
import { formatBytes, formatRate } from '../output/format.js';
import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp get <url> [local]`: download, optionally resuming a partial local file. */
export function registerGet(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'get',
    summary: 'download a remote file',
    extraArgs: [['[local]', 'local file (default: the remote name in the current directory)']],
    configure: (cmd) => cmd.option('--resume', 'continue a partial local file from its current size (REST)', false),
    examples: [
      'cellftp get --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin',
      'CELLFTP_PASSWORD=… cellftp get --resume --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin ./app.bin',
    ],
    async run({ ftp, target, extra: [local], options, signal }) {
      const destination = local ?? (basename(target.path) || 'download.bin');
      const startAt = options['resume'] === true ? await localSize(destination) : 0;
      const result = startAt > 0 ? await ftp.downloadTo(destination, target.path, { startAt, signal }) : await fresh(destination, (part) => ftp.downloadTo(part, target.path, { signal }));
      const rate = result.bytes / Math.max(result.durationMs / 1000, 0.001);
      return {
        json: { remotePath: target.path, localPath: destination, startAt, bytes: result.bytes, durationMs: result.durationMs, bytesPerSecond: Math.round(rate) },
        text: `${target.path} → ${destination}: ${formatBytes(result.bytes)} in ${(result.durationMs / 1000).toFixed(1)} s (${formatRate(rate)})`,
      };
    },
  });
}

async function localSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Downloads into `<local>.part` and renames on success, so a failed download never truncates an existing file. */
async function fresh(destination: string, download: (part: string) => Promise<TransferResult>): Promise<TransferResult> {
  const part = `${destination}.part`;
  try {
    const result = await download(part);
    await rename(part, destination);
    return result;
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}
