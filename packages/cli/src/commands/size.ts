import { defineFtpCommand, type CommandHost } from './define.js';

/** `cellftp size <url>`: the remote file's size in bytes. */
export function registerSize(host: CommandHost): void {
  defineFtpCommand(host, {
    name: 'size',
    summary: 'print the size of a remote file in bytes',
    examples: ['cellftp size --port /dev/ttyUSB2 ftp://pi@ftp.example.com/fw/app.bin'],
    async run({ ftp, target }) {
      const size = await ftp.size(target.path);
      return { json: { path: target.path, size }, text: String(size) };
    },
  });
}
