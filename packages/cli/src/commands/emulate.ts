import { randomBytes } from 'node:crypto';
import type { VirtualModelName } from '@cellftp/emulator';
import { Option } from 'commander';
import { parseBaud } from '../baud.js';
import { loadEmulator } from '../emulator.js';
import { CliError, EXIT } from '../exit-codes.js';
import { positiveInt } from '../options.js';
import { runGuarded, type CommandHost } from './define.js';

interface EmulateOptions {
  model: string;
  variant: string[];
  link: 'pty' | 'tcp';
  baud?: number;
  tcpPort?: number;
  latency?: number;
  ftp: boolean;
  json: boolean;
}

/**
 * `cellftp emulate`: a virtual modem and, beside it, an FTP server on
 * 127.0.0.1, so every other command can be tried in a second terminal with
 * the port and URL this prints. `--no-ftp` runs the modem alone.
 */
export function registerEmulate(host: CommandHost): void {
  host.program
    .command('emulate')
    .summary('run a virtual modem (any model the emulator registers) and an FTP server beside it, until Ctrl-C')
    .description(
      'Run a virtual modem that speaks the vendor\'s AT dialect and does real FTP behind it, and an FTP server on 127.0.0.1 for it to reach. ' +
        'Prints the --port to use (a pty path, or 127.0.0.1:<port> for --link tcp) and the ftp:// URL, then serves until Ctrl-C.',
    )
    // The emulator is loaded lazily (an optional dependency), so the model list is checked in the action, from its registry.
    .addOption(new Option('--model <model>', 'module to emulate (EC25, SIM7080G, …: the emulator\'s model registry)').makeOptionMandatory())
    .option('--variant <name>', 'a firmware variant of the model (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .addOption(new Option('--link <link>', 'pty (needs socat) or loopback tcp').choices(['pty', 'tcp']).default('pty'))
    .option('--baud <n>', 'pace the line at this standard rate (8N1); unpaced when omitted', parseBaud)
    .option('--tcp-port <n>', 'tcp link: port on 127.0.0.1 (default: any free port)', positiveInt('--tcp-port'))
    .option('--latency <ms>', 'delay before each answer', positiveInt('--latency'))
    .option('--no-ftp', 'do not start the FTP server beside the modem')
    .option('--json', 'print where to reach the modem and the server as JSON', false)
    .addHelpText(
      'after',
      '\nExamples:\n  $ cellftp emulate --model EC25 --baud 921600\n  $ cellftp emulate --model SIM7080G --link tcp --tcp-port 7000\n  $ CELLFTP_PASSWORD=<printed> cellftp ls --port 127.0.0.1:7000 ftp://cellftp@127.0.0.1:<printed port>/   # second terminal\n',
    )
    .action(async (options: EmulateOptions) => {
      await runGuarded(host, 'emulate', options.json, async () => {
        host.ctx.phase = 'modem';
        const { startTestFtpServer, startVirtualModem, virtualModelNames, virtualModelVariants } = await loadEmulator('emulate');
        const models: readonly string[] = virtualModelNames();
        if (!models.includes(options.model)) {
          throw new CliError(EXIT.USAGE, 'INVALID_ARGUMENT', `unknown --model "${options.model}"; known models: ${models.join(', ')}`);
        }
        const model = options.model as VirtualModelName;
        const variants = Object.keys(virtualModelVariants(model));
        for (const variant of options.variant) {
          if (!variants.includes(variant)) {
            throw new CliError(EXIT.USAGE, 'INVALID_ARGUMENT', `unknown --variant "${variant}" for ${options.model}; known: ${variants.join(', ') || 'none'}`);
          }
        }
        const server = options.ftp
          ? await startTestFtpServer({ user: 'cellftp', password: randomBytes(6).toString('base64url') })
          : undefined;
        try {
          const vm = await startVirtualModem({
            model,
            link: options.link,
            ...(options.variant.length > 0 ? { variants: options.variant } : {}),
            ...(options.baud !== undefined ? { baudRate: options.baud } : {}),
            ...(options.tcpPort !== undefined ? { port: options.tcpPort } : {}),
            ...(options.latency !== undefined ? { latencyMs: options.latency } : {}),
          });
          try {
            const port = vm.path ?? `127.0.0.1:${vm.port}`;
            // The URL carries no password (the CLI takes it from CELLFTP_PASSWORD); the throwaway one of this
            // loopback server is printed on purpose, for the second terminal.
            const url = server ? `ftp://${server.user}@127.0.0.1:${server.port}/` : undefined;
            const con = host.ctx.con;
            const baud = options.baud !== undefined ? ` --baud ${options.baud}` : '';
            if (options.json) {
              const ftp = server ? { url, user: server.user, password: server.password, root: server.root } : null;
              con.out(JSON.stringify({ ok: true, command: 'emulate', model: options.model, link: options.link, path: vm.path ?? null, port: vm.port ?? null, cliPort: port, ftp }));
            } else {
              con.out(`${options.model} on ${port} (Ctrl-C to stop)`);
              if (server && url) {
                con.out(`FTP server ${url} (files in ${server.root})`);
                con.out(`try:  export CELLFTP_PASSWORD=${server.password}\n      cellftp ls --port ${port}${baud} ${url}`);
              }
            }
            // Ctrl-C is how this command ends normally: wait for it, then release the link and the server.
            await new Promise<void>((resolve) => {
              if (host.ctx.signal.aborted) resolve();
              else host.ctx.signal.addEventListener('abort', () => resolve(), { once: true });
            });
          } finally {
            await vm.close();
          }
        } finally {
          await server?.stop();
        }
        return undefined;
      });
    });
}
