import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import { resolveDownloadTarget, sizeIfExists } from '../local-paths.js';
import { formatBytes, formatRate } from '../output/format.js';
import { sizeOrUndefined } from '../remote-size.js';
import { defineFtpCommand, type CommandHost } from './define.js';

/**
 * `cellftp get <url> [local]`: download into `<local>.part`, renamed when
 * complete. A failed or interrupted download keeps the `.part` file, and
 * `--resume` continues it (or a partial `<local>` itself), as `curl -C -`
 * and `wget -c` do.
 */
export function registerGet(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'get',
    summary: 'download a remote file',
    extraArgs: [['[local]', 'local file or directory (default: the remote name in the current directory)']],
    configure: (cmd) => cmd.option('--resume', 'continue <local>.part (kept by an interrupted get), or a partial <local>, from its size (REST)', false),
    examples: [
      'cellftp get --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin',
      'CELLFTP_PASSWORD=… cellftp get --resume --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin ./app.bin',
    ],
    check: async ({ target, extra: [local] }) => ({ path: await resolveDownloadTarget(local, target.path) }),
    async run({ ftp, target, options, signal, board, local, note }) {
      const destination = local.path as string;
      const part = `${destination}.part`;
      // The true total for the bar and the completeness check; one command, and a missing file fails here, early.
      const total = await sizeOrUndefined(ftp, target.path);
      const partSize = await sizeIfExists(part);
      let file = part;
      let startAt = 0;
      if (options['resume'] === true) {
        const whole = partSize === undefined ? await sizeIfExists(destination) : undefined;
        if (partSize !== undefined) startAt = partSize;
        else if (whole !== undefined) [file, startAt] = [destination, whole];
        if (total !== undefined && startAt > total) {
          throw new CliError(EXIT.USAGE, 'USAGE', `${file} has ${startAt} bytes but ${target.path} only ${total}: it is not a partial copy of it; remove it or download without --resume`);
        }
      } else if (partSize !== undefined) {
        note(`starting over: ${part} from an earlier run is replaced (--resume continues it instead)`);
      }
      const unfollow = board.follow(ftp, basename(target.path), { offset: startAt, total });
      let bytes = 0;
      let durationMs = 0;
      try {
        if (total === undefined || startAt < total || total === 0) {
          const result = await ftp.downloadTo(file, target.path, { startAt, signal });
          [bytes, durationMs] = [result.bytes, result.durationMs];
        }
      } catch (error) {
        const kept = await sizeIfExists(file);
        // An empty part from a download that never got going is clutter, not progress.
        if (kept === 0 && file === part) await rm(part, { force: true });
        else if (kept !== undefined) note(`partial download kept: ${file} (${kept} of ${total ?? '?'} bytes); run the same command with --resume to continue`);
        throw error;
      } finally {
        unfollow();
      }
      const have = (await sizeIfExists(file)) ?? 0;
      if (total !== undefined && have !== total) {
        throw new CliError(EXIT.VERIFY, 'VERIFY', `${file} has ${have} bytes after the download, but ${target.path} has ${total}; kept for --resume`);
      }
      if (file === part) await rename(part, destination);
      const rate = bytes / Math.max(durationMs / 1000, 0.001);
      const resumed = startAt > 0 ? ` (resumed at ${formatBytes(startAt)})` : '';
      return {
        json: { remotePath: target.path, localPath: destination, startAt, bytes, totalBytes: total ?? have, durationMs, bytesPerSecond: Math.round(rate) },
        text: `${target.path} → ${destination}: ${formatBytes(bytes)} in ${(durationMs / 1000).toFixed(1)} s (${formatRate(rate)})${resumed}`,
      };
    },
  });
}
