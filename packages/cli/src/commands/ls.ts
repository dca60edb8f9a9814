import { fileInfoJson, formatFileInfo } from '../output/format.js';
import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp ls <url>`: the parsed directory listing. */
export function registerLs(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'ls',
    summary: 'list a remote directory',
    examples: ['cellftp ls --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/', 'cellftp ls --json --port /dev/ttyUSB2 ftp://pi@ftp.example.com/'],
    async run({ ftp, target }) {
      const entries = await ftp.list(target.path);
      return {
        json: { path: target.path, entries: entries.map(fileInfoJson) },
        text: entries.map(formatFileInfo).join('\n'),
      };
    },
  });
}
