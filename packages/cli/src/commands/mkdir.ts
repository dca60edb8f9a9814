import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp mkdir [-p] <url>`: create a remote directory (every missing level with `-p`). */
export function registerMkdir(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'mkdir',
    summary: 'create a remote directory',
    configure: (cmd) => cmd.option('-p, --parents', 'create every missing level, no error if it exists', false),
    examples: ['cellftp mkdir --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs', 'cellftp mkdir -p --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/2026/05'],
    async run({ ftp, target, options }) {
      if (options['parents'] === true) await ftp.ensureDir(target.path);
      else await ftp.makeDir(target.path);
      return { json: { created: target.path }, text: `created ${target.path}` };
    },
  });
}
