import type { RunningTestFtpServer } from '@cellftp/emulator';
import { Option } from 'commander';
import { roundTrip } from '../demo/app.js';
import { allByteValues } from '../demo/payload.js';
import { demoModels, demoSize, openDemoModem, socatAvailable, startDemoServer, type DemoModem } from '../demo/rig.js';
import { renderSummary, summaryJson, type DemoRow } from '../demo/summary.js';
import { CliError, EXIT } from '../exit-codes.js';
import { addOutputOptions, positiveInt } from '../options.js';
import { formatBytes } from '../output/format.js';
import { ProgressBoard } from '../progress.js';
import { traceToStderr } from '../trace.js';
import { runGuarded, type CommandHost } from './define.js';

interface DemoOptions {
  baud: number;
  size: number;
  link?: 'pty' | 'memory';
  json: boolean;
  trace: boolean;
  progress: boolean;
}

/** The demo must finish in under a minute; past this it gives up with a clear error instead of hanging. */
const DEADLINE_MS = 55_000;

/** `cellftp demo`: the same application code against every virtual modem the emulator registers (EC25, BG96, SIM7080G, …). */
export function registerDemo(host: CommandHost): void {
  const cmd = host.program
    .command('demo')
    .summary('run one application against every virtual modem (EC25, BG96, SIM7080G, …)')
    .description(
      'Start an FTP server on 127.0.0.1 and every registered virtual modem (on ptys when socat is installed, in memory otherwise), ' +
        'run the same application code against each through openModem (upload a file of all byte values, list it, ' +
        'download it back, compare sha256) and print a table. Exits 5 if any sha256 differs.',
    )
    .option('--baud <n>', 'emulated line rate', positiveInt('--baud'), 921600)
    .option('--size <bytes>', 'payload size', positiveInt('--size'), 256 * 1024)
    .addOption(new Option('--link <link>', 'force the link (default: pty when socat is installed)').choices(['pty', 'memory']))
    .option('--no-progress', 'never draw progress bars');
  addOutputOptions(cmd).addHelpText('after', '\nExamples:\n  $ cellftp demo\n  $ cellftp demo --link memory --baud 3000000 --size 1048576\n');
  cmd.action(async (options: DemoOptions) => {
    await runGuarded(host, 'demo', options.json, () => runDemo(host, options));
  });
}

async function runDemo(host: CommandHost, options: DemoOptions) {
  const { con } = host.ctx;
  const started = Date.now();
  const socat = socatAvailable();
  const link = options.link ?? (socat ? 'pty' : 'memory');
  if (link === 'pty' && !socat) throw new CliError(EXIT.USAGE, 'USAGE', '--link pty needs socat (Debian: apt-get install socat)');
  const board = new ProgressBoard(con, options.progress && con.interactive && !options.json);
  const say = (text: string): void => {
    if (options.json) return;
    if (board.enabled) board.log(text);
    else con.out(text);
  };
  say(`cellftp demo: one application, every vendor, ${formatBytes(options.size)} each way at ${options.baud} baud`);
  say(link === 'pty' ? 'link: pseudo-terminals made by socat, opened with serialport like a real device' : `link: in memory${socat ? '' : ' (socat not found, so no ptys)'}`);

  const deadline = AbortSignal.timeout(DEADLINE_MS);
  const signal = AbortSignal.any([host.ctx.signal, deadline]);
  let server: RunningTestFtpServer | undefined;
  const modems: DemoModem[] = [];
  try {
    server = await startDemoServer();
    con.secret(server.password);
    say(`FTP server: 127.0.0.1:${server.port} (in-process)`);
    const url = `ftp://${server.user}:${encodeURIComponent(server.password)}@127.0.0.1:${server.port}/`;
    // allSettled, not all: a failure on one modem must not tear the rig down while the other is still opening.
    const settled = await Promise.allSettled(
      (await demoModels()).map(async (model): Promise<DemoRow> => {
        host.ctx.phase = 'modem';
        const trace = options.trace ? traceToStderr(con, `${model} `) : undefined;
        const opened = await openDemoModem(model, link, options.baud, trace);
        modems.push(opened);
        const { info } = opened.modem;
        const payload = allByteValues(demoSize(model, options.size));
        say(`${model}: ${opened.vm.path ?? 'memory link'} → detected ${info.vendor} ${info.model} (${info.revision})`);
        const result = await roundTrip(opened.modem, {
          url,
          remoteDir: `/cellftp-demo/${model}`,
          fileName: 'all-bytes.bin',
          payload,
          apn: 'internet',
          signal,
          log: (step) => say(`${model}: ${step}`),
          onProgress: board.handler(model.padEnd(8), payload.length),
        });
        return { vendor: info.vendor, model: info.model, result };
      }),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const rows = settled.map((s) => (s as PromiseFulfilledResult<DemoRow>).value);
    board.stop();
    const seconds = (Date.now() - started) / 1000;
    const allMatch = rows.every((r) => r.result.match);
    if (options.json) {
      con.out(JSON.stringify({ ok: allMatch, command: 'demo', link, baudRate: options.baud, size: options.size, seconds, results: summaryJson(rows, options.baud) }));
    } else {
      con.out(`\n${renderSummary(rows, options.baud)}\n\n${allMatch ? `all ${rows.length} modems returned identical bytes` : 'SHA256 MISMATCH'} — ${seconds.toFixed(1)} s`);
    }
    if (!allMatch) host.exit(EXIT.VERIFY);
    return undefined;
  } catch (error) {
    if (deadline.aborted) throw new CliError(EXIT.INTERNAL, 'TIMEOUT', `the demo did not finish within ${DEADLINE_MS / 1000} s`, { cause: error });
    throw error;
  } finally {
    board.stop();
    await Promise.all(modems.map(async ({ modem, vm }) => {
      await modem.close();
      await vm.close();
    }));
    await server?.stop();
  }
}
