import { Option, type Command } from 'commander';
import { MIN_REDACTED_USER, formatTraceEvent, openModems, type Fleet, type FleetResult } from '@cellftp/core';
import { CliError, EXIT, exitCodeFor, type ExitCode } from '../../exit-codes.js';
import { formatBytes, formatRate } from '../../output/format.js';
import { renderTable } from '../../output/table.js';
import { positiveInt } from '../../options.js';
import { allDrivers } from '../../session.js';
import { parseFtpTarget, type FtpTarget } from '../../target.js';
import type { CommandHost } from '../define.js';
import { FleetBoard } from './board.js';
import { fleetPorts, type FleetPortOptions } from './targets.js';
import { transferJob, type ModemTransfer, type TransferSpec } from './transfer-job.js';

export { runProbeAll } from './probe-all.js';

interface FleetOptions extends FleetPortOptions {
  apn: string;
  json: boolean;
  trace: boolean;
  progress: boolean;
  timeout?: number;
  secure?: 'explicit' | 'implicit';
  insecure: boolean;
}

/** `cellftp fleet get|put`: the same transfer on every modem of a rack, side by side. */
export function registerFleet(host: CommandHost): void {
  const env = host.ctx.con.streams.env;
  const fleet = host.program
    .command('fleet')
    .summary('run the same get or put on many modems at once (test racks, gateways)')
    .description('Run the same transfer on every modem given with --ports (or found with --all), side by side: one progress line per modem, a summary table, exit code non-zero if any failed.');
  const common = (cmd: Command): Command => {
    const ports = new Option('--ports <paths>', 'comma-separated serial devices or ptys (env CELLFTP_PORTS)');
    if (env['CELLFTP_PORTS']) ports.default(env['CELLFTP_PORTS']);
    return cmd
      .addOption(ports)
      .option('--all', 'use every modem findModems confirms on this host', false)
      .option('--baud <n>', 'serial line rate', positiveInt('--baud'), 115200)
      .option('--apn <apn>', 'APN of the data context (env CELLFTP_APN)', env['CELLFTP_APN'] ?? 'internet')
      .option('--timeout <ms>', 'give up on one modem after this long (the others go on)', positiveInt('--timeout'))
      .addOption(new Option('--secure <mode>', 'FTPS mode').choices(['explicit', 'implicit']))
      .option('--insecure', 'FTPS without certificate verification (test servers only)', false)
      .option('--no-progress', 'no live progress lines')
      .option('--json', 'print one JSON document on stdout', false)
      .option('--trace', 'log every AT command to stderr, each line prefixed with its port', false);
  };
  common(fleet.command('get').description('download <url> through every modem into <dir>/<port>-<name>').argument('<url>').argument('[dir]', 'local directory', '.')).action(
    async (url: string, dir: string, options: FleetOptions) => runFleet(host, 'get', url, dir, options),
  );
  common(fleet.command('put').description('upload <local> through every modem as <url-dir>/<port>-<name>').argument('<url>').argument('<local>', 'local file')).action(
    async (url: string, local: string, options: FleetOptions) => runFleet(host, 'put', url, local, options),
  );
}

async function runFleet(host: CommandHost, direction: 'get' | 'put', url: string, local: string, options: FleetOptions): Promise<void> {
  const { con } = host.ctx;
  const command = `fleet ${direction}`;
  let target: FtpTarget;
  let ports: string[];
  let fleet: Fleet;
  try {
    target = parseFtpTarget(url, con.streams.env, options.secure);
    con.secret(target.password);
    if (target.user.toLowerCase() !== 'anonymous' && target.user.length >= MIN_REDACTED_USER) con.secret(target.user);
    ({ ports } = await fleetPorts(options, host.ctx.signal));
    if (ports.length === 0) throw new CliError(EXIT.MODEM, 'MODEM', 'no modem found');
    fleet = await openModems(ports, {
      drivers: allDrivers(),
      baudRate: options.baud,
      signal: host.ctx.signal,
      // Core has already redacted registered secrets; the console scrubs again with the CLI's own list.
      ...(options.trace ? { trace: (e) => con.err(`[${e.port}] ${formatTraceEvent(e)}`) } : {}),
    });
  } catch (error) {
    con.err(`cellftp ${command}: ${error instanceof Error ? error.message : String(error)}`);
    host.exit(exitCodeFor(error, 'modem'));
    return;
  }
  const board = new FleetBoard(con.streams.stderr, ports, options.progress && con.interactive && !options.json);
  const phases = new Map<string, 'modem' | 'ftp'>();
  const spec: TransferSpec = { direction, target, local, apn: options.apn, insecure: options.insecure };
  const job = transferJob(spec, board, phases);
  let results: Array<FleetResult<ModemTransfer>>;
  try {
    results = await fleet.each(
      async (ctx) => {
        try {
          const done = await job(ctx);
          board.finish(ctx.port, `done ${formatBytes(done.bytes)} in ${(done.durationMs / 1000).toFixed(1)} s`);
          return done;
        } catch (error) {
          board.finish(ctx.port, `FAILED ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
      { ...(options.timeout ? { timeoutMs: options.timeout } : {}), signal: host.ctx.signal },
    );
    for (const r of results) if (!r.ok && fleet.member(r.port)?.state === 'failed') board.finish(r.port, `FAILED ${r.error.message}`);
  } finally {
    board.stop();
    await fleet.close();
  }
  let worst: ExitCode = EXIT.OK;
  for (const r of results) {
    if (r.ok) continue;
    const code = host.ctx.signal.aborted ? EXIT.INTERRUPTED : exitCodeFor(r.error, phases.get(r.port) ?? 'modem');
    if (code > worst) worst = code;
  }
  if (options.json) con.out(JSON.stringify({ ok: worst === EXIT.OK, command, exitCode: worst, results: results.map(resultJson) }));
  else con.out(summary(results));
  host.exit(worst);
}

function resultJson(r: FleetResult<ModemTransfer>): Record<string, unknown> {
  if (r.ok) return { port: r.port, ok: true, model: r.value.model, localPath: r.value.localPath, remotePath: r.value.remotePath, bytes: r.value.bytes, durationMs: r.value.durationMs };
  return { port: r.port, ok: false, error: { code: r.error.code, message: r.error.message } };
}

/** The table printed at the end: one row per modem. */
function summary(results: ReadonlyArray<FleetResult<ModemTransfer>>): string {
  const rows = results.map((r) =>
    r.ok
      ? [r.port, r.value.model, 'ok', String(r.value.bytes), (r.value.durationMs / 1000).toFixed(1), formatRate(r.value.bytes / Math.max(r.value.durationMs / 1000, 0.001)), '']
      : [r.port, '-', 'FAILED', '-', (r.durationMs / 1000).toFixed(1), '-', `${r.error.code}: ${r.error.message}`],
  );
  const failed = results.filter((r) => !r.ok).length;
  return `${renderTable(['port', 'model', 'result', 'bytes', 'seconds', 'rate', 'error'], rows, new Set([3, 4]))}\n${results.length - failed} of ${results.length} modems succeeded`;
}
