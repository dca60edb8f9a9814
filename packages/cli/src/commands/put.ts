import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import { requireReadableFile } from '../local-paths.js';
import { formatBytes, formatRate } from '../output/format.js';
import { sizeOrUndefined, sizeOrZero } from '../remote-size.js';
import { defineFtpCommand, type CommandHost } from './define.js';

/**
 * `cellftp put <url> <local>`: upload; a URL ending in `/` keeps the local
 * name. `--resume` sends only what the server lacks (from the remote size).
 * Every upload ends with a SIZE check, and a failed one says that the remote
 * file may be incomplete instead of leaving it there unmentioned.
 */
export function registerPut(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'put',
    summary: 'upload a local file',
    extraArgs: [['<local>', 'local file to upload']],
    configure: (c) =>
      c
        .option('--append', 'append to the remote file (APPE) instead of replacing it', false)
        .option('--resume', 'continue an interrupted upload: send the bytes after the remote file\'s size, then check the size', false),
    examples: [
      'cellftp put --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/ ./today.log',
      'cellftp put --resume --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin ./app.bin',
      'cellftp put --json --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/today.log ./today.log',
    ],
    check: async ({ extra: [local], options }) => {
      if (options['append'] === true && options['resume'] === true) throw new CliError(EXIT.USAGE, 'USAGE', '--append and --resume exclude each other');
      return { path: local as string, size: await requireReadableFile(local as string, 'local file') };
    },
    async run({ ftp, target, options, signal, board, local, note }) {
      const path = local.path as string;
      const total = local.size as number;
      const remote = target.path.endsWith('/') ? `${target.path}${basename(path)}` : target.path;
      const append = options['append'] === true;
      const before = options['resume'] === true || append ? await sizeOrZero(ftp, remote) : 0;
      const startAt = options['resume'] === true ? before : 0;
      if (startAt > total) {
        throw new CliError(EXIT.USAGE, 'USAGE', `${remote} has ${startAt} bytes but ${path} only ${total}: it is not a partial upload of it; upload without --resume`);
      }
      const expected = append ? before + total : total;
      const unfollow = board.follow(ftp, basename(remote), { offset: startAt, total });
      let bytes = 0;
      let durationMs = 0;
      try {
        if (startAt < total || total === 0) {
          const result =
            startAt > 0
              ? await ftp.appendFrom(createReadStream(path, { start: startAt }), remote, { signal })
              : append
                ? await ftp.appendFrom(path, remote, { signal })
                : await ftp.uploadFrom(path, remote, { signal });
          [bytes, durationMs] = [result.bytes, result.durationMs];
        }
      } catch (error) {
        note(`${remote} on the server may be incomplete; run the same command with --resume to send the rest`);
        throw error;
      } finally {
        unfollow();
      }
      const landed = await sizeOrUndefined(ftp, remote);
      if (landed === undefined) note(`the server does not report sizes (SIZE refused): ${remote} was not checked`);
      else if (landed !== expected) {
        throw new CliError(EXIT.VERIFY, 'VERIFY', `${remote} has ${landed} bytes on the server after the upload, expected ${expected}; run again with --resume (or without, to start over)`);
      }
      const rate = bytes / Math.max(durationMs / 1000, 0.001);
      const resumed = startAt > 0 ? ` (resumed at ${formatBytes(startAt)})` : '';
      return {
        json: { localPath: path, remotePath: remote, startAt, bytes, totalBytes: total, durationMs, bytesPerSecond: Math.round(rate) },
        text: `${path} → ${remote}: ${formatBytes(bytes)} in ${(durationMs / 1000).toFixed(1)} s (${formatRate(rate)})${resumed}`,
      };
    },
  });
}
