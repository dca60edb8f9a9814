import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp mdtm <url>`: the remote file's modification time (UTC, ISO 8601). */
export function registerMdtm(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'mdtm',
    summary: 'print the modification time of a remote file (UTC)',
    examples: ['cellftp mdtm --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin'],
    async run({ ftp, target }) {
      const modifiedAt = (await ftp.lastMod(target.path)).toISOString();
      return { json: { path: target.path, modifiedAt }, text: modifiedAt };
    },
  });
}
