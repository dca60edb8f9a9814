import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp rm <url>`: delete a remote file. */
export function registerRm(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'rm',
    summary: 'delete a remote file',
    examples: ['cellftp rm --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/old.log'],
    async run({ ftp, target }) {
      await ftp.remove(target.path);
      return { json: { removed: target.path }, text: `removed ${target.path}` };
    },
  });
}
