import { startVirtualModem } from '@cellftp/emulator';
import { Option } from 'commander';
import { positiveInt } from '../options.js';
import { runGuarded, type CommandHost } from './define.js';

interface EmulateOptions {
  model: 'EC25' | 'SIM7080G';
  link: 'pty' | 'tcp';
  baud?: number;
  tcpPort?: number;
  latency?: number;
  json: boolean;
}

/** `cellftp emulate`: a virtual modem for trying the other commands without hardware. */
export function registerEmulate(host: CommandHost): void {
  host.program
    .command('emulate')
    .summary('run a virtual modem (EC25 or SIM7080G) until Ctrl-C')
    .description('Run a virtual modem that speaks the vendor\'s AT dialect and does real FTP behind it. Prints the device path (pty) or port (tcp), then serves until Ctrl-C.')
    .addOption(new Option('--model <model>', 'module to emulate').choices(['EC25', 'SIM7080G']).makeOptionMandatory())
    .addOption(new Option('--link <link>', 'pty (needs socat) or loopback tcp').choices(['pty', 'tcp']).default('pty'))
    .option('--baud <n>', 'pace the line at this rate (8N1); unpaced when omitted', positiveInt('--baud'))
    .option('--tcp-port <n>', 'tcp link: port on 127.0.0.1 (default: any free port)', positiveInt('--tcp-port'))
    .option('--latency <ms>', 'delay before each answer', positiveInt('--latency'))
    .option('--json', 'print where to reach the modem as JSON', false)
    .addHelpText('after', '\nExamples:\n  $ cellftp emulate --model EC25 --baud 921600\n  $ cellftp emulate --model SIM7080G --link tcp --tcp-port 7000\n')
    .action(async (options: EmulateOptions) => {
      await runGuarded(host, 'emulate', options.json, async () => {
        host.ctx.phase = 'modem';
        const vm = await startVirtualModem({
          model: options.model,
          link: options.link,
          ...(options.baud !== undefined ? { baudRate: options.baud } : {}),
          ...(options.tcpPort !== undefined ? { port: options.tcpPort } : {}),
          ...(options.latency !== undefined ? { latencyMs: options.latency } : {}),
        });
        const where = vm.path ?? `127.0.0.1:${vm.port}`;
        if (options.json) host.ctx.con.out(JSON.stringify({ ok: true, command: 'emulate', model: options.model, link: options.link, path: vm.path ?? null, port: vm.port ?? null }));
        else host.ctx.con.out(`${options.model} on ${where} (Ctrl-C to stop)`);
        // Ctrl-C is how this command ends normally: wait for it, then release the pty.
        await new Promise<void>((resolve) => {
          if (host.ctx.signal.aborted) resolve();
          else host.ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        await vm.close();
        return undefined;
      });
    });
}
