import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp rmdir <url>`: remove an empty remote directory. */
export function registerRmdir(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'rmdir',
    summary: 'remove an empty remote directory',
    examples: ['cellftp rmdir --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/2025'],
    async run({ ftp, target }) {
      await ftp.removeEmptyDir(target.path);
      return { json: { removed: target.path }, text: `removed ${target.path}` };
    },
  });
}
