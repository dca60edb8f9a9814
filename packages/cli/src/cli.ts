import { Command, CommanderError } from 'commander';
import { registerDemo } from './commands/demo.js';
import type { CommandHost } from './commands/define.js';
import { registerEmulate } from './commands/emulate.js';
import { registerFleet } from './commands/fleet/index.js';
import { registerGet } from './commands/get.js';
import { registerLs } from './commands/ls.js';
import { registerMdtm } from './commands/mdtm.js';
import { registerMkdir } from './commands/mkdir.js';
import { registerMv } from './commands/mv.js';
import { registerProbe } from './commands/probe.js';
import { registerPut } from './commands/put.js';
import { registerRm } from './commands/rm.js';
import { registerRmdir } from './commands/rmdir.js';
import { registerSize } from './commands/size.js';
import type { CliContext } from './context.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { ROOT_HELP_FOOTER } from './help.js';
import { Console, type CliStreams } from './output/streams.js';
import { CLI_VERSION } from './version.js';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Defaults to the process's stdout, stderr and environment. */
  streams?: CliStreams;
  /** Aborts the running command (the binary wires it to SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/**
 * Runs `cellftp` with `args` (without `node` and the script) and resolves to
 * the exit code. Never calls `process.exit`, so it can run in-process.
 *
 * @example
 * process.exitCode = await runCli(['size', '--port', '/dev/ttyUSB2', 'ftp://pi@host/fw.bin']);
 */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<ExitCode> {
  const streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr, env: process.env };
  const con = new Console(streams);
  const ctx: CliContext = { con, signal: options.signal ?? new AbortController().signal, phase: 'modem' };
  let exitCode: ExitCode = EXIT.OK;
  const program = new Command('cellftp')
    .description('FTP/FTPS through a cellular module\'s AT commands: one command line for every vendor (Quectel EC2x, SIMCom SIM70x0).')
    .version(CLI_VERSION)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(con.scrub(text)),
    })
    .addHelpText('after', ROOT_HELP_FOOTER);
  const host: CommandHost = {
    program,
    ctx,
    exit(code) {
      if (code > exitCode) exitCode = code;
    },
  };
  for (const register of [registerProbe, registerLs, registerGet, registerPut, registerRm, registerMkdir, registerRmdir, registerMv, registerSize, registerMdtm, registerEmulate, registerDemo, registerFleet]) {
    register(host);
  }
  // Subcommands inherit exitOverride and output settings only when set before they are added; set them again.
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (t) => streams.stdout.write(t), writeErr: (t) => streams.stderr.write(con.scrub(t)) });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0 through the same path as errors.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof CliError) {
      con.err(`cellftp: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.USAGE;
  }
  return exitCode;
}
