import { basename } from 'node:path';
import { formatBytes, formatRate } from '../output/format.js';
import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp put <local> <url>`: upload; a URL ending in `/` keeps the local name. */
export function registerPut(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'put',
    summary: 'upload a local file',
    extraArgs: [['<local>', 'local file to upload']],
    configure: (c) => c.option('--append', 'append to the remote file (APPE) instead of replacing it', false),
    examples: [
      'cellftp put --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/ ./today.log',
      'cellftp put --json --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/today.log ./today.log',
    ],
    async run({ ftp, target, extra: [local], options, signal }) {
      if (local === undefined) throw new Error('commander requires <local>');
      const remote = target.path.endsWith('/') ? `${target.path}${basename(local)}` : target.path;
      const result = options['append'] === true ? await ftp.appendFrom(local, remote, { signal }) : await ftp.uploadFrom(local, remote, { signal });
      const rate = result.bytes / Math.max(result.durationMs / 1000, 0.001);
      return {
        json: { localPath: local, remotePath: remote, bytes: result.bytes, durationMs: result.durationMs, bytesPerSecond: Math.round(rate) },
        text: `${local} → ${remote}: ${formatBytes(result.bytes)} in ${(result.durationMs / 1000).toFixed(1)} s (${formatRate(rate)})`,
      };
    },
  });
}
