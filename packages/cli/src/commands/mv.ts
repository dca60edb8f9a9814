import { resolveRemote } from '../target.js';
import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp mv <url> <to>`: rename; a relative `to` stays in the URL's directory. */
export function registerMv(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'mv',
    summary: 'rename or move a remote file (a relative <to> stays in the same directory)',
    extraArgs: [['<to>', 'new remote path (relative: same directory as <url>)']],
    examples: ['cellftp mv --port /dev/ttyUSB2 ftp://pi@ftp.example.com/in/a.part a.csv', 'cellftp mv --port /dev/ttyUSB2 ftp://pi@ftp.example.com/in/a.csv /done/a.csv'],
    async run({ ftp, target, extra: [to] }) {
      const destination = resolveRemote(target.path, to ?? '');
      await ftp.rename(target.path, destination);
      return { json: { from: target.path, to: destination }, text: `${target.path} → ${destination}` };
    },
  });
}
