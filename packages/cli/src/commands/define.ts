import type { Command } from 'commander';
import type { FtpSession } from '@cellftp/core';
import type { CliContext } from '../context.js';
import { EXIT, exitCodeFor, type ExitCode } from '../exit-codes.js';
import { EXIT_CODES_SHORT } from '../help.js';
import { addFtpOptions, type FtpCliOptions } from '../options.js';
import { printError, printResult } from '../output/report.js';
import type { ProgressBoard } from '../progress.js';
import { withFtp } from '../session.js';
import { requireReadableFile } from '../local-paths.js';
import { parseFtpTarget, type FtpTarget } from '../target.js';

/** Shared by every command module: the program, the run context and the exit-code slot. */
export interface CommandHost {
  readonly program: Command;
  readonly ctx: CliContext;
  /** Records the process's exit code (the highest failure wins). */
  exit(code: ExitCode): void;
}

/** What a command produced: JSON fields for `--json` and the human text. */
export interface CommandOutput {
  json: Record<string, unknown>;
  text: string;
}

/**
 * Runs one command body: prints its result, or its error with the exit code
 * that error deserves. Commands never call `process.exit` themselves.
 */
export async function runGuarded(host: CommandHost, name: string, json: boolean, body: () => Promise<CommandOutput | undefined>): Promise<void> {
  try {
    const output = await body();
    if (output) printResult(host.ctx.con, json, name, output.json, () => output.text);
  } catch (error) {
    const code = host.ctx.signal.aborted ? EXIT.INTERRUPTED : exitCodeFor(error, host.ctx.phase);
    printError(host.ctx.con, json, name, error, code);
    host.exit(code);
  }
}

/** What a command body gets. */
export interface FtpCall {
  ftp: FtpSession;
  target: FtpTarget;
  /** Positional arguments after the URL. */
  extra: Array<string | undefined>;
  options: FtpCliOptions & Record<string, unknown>;
  board: ProgressBoard;
  /** Ctrl-C: pass to transfers. */
  signal: AbortSignal;
  /** What the command's `check` resolved before the modem was opened. */
  local: LocalPlan;
  /** Prints a note on stderr (above the progress bars when they are up). */
  note(text: string): void;
}

/** Local facts a command's `check` established: a resolved path and a size. */
export interface LocalPlan {
  path?: string;
  size?: number;
}

/** A command that works on one remote path given by an `ftp://` URL. */
export interface FtpCommandSpec {
  name: string;
  summary: string;
  /** Extra positional arguments after the URL: commander syntax (`<to>`) and a description. */
  extraArgs?: Array<[string, string]>;
  examples: string[];
  configure?: (cmd: Command) => Command;
  /**
   * Local checks before the modem is opened (files exist, directories are
   * writable); a failure is a usage error and costs no AT command. Returns
   * what it resolved, handed to `run` as `local`.
   */
  check?(call: Pick<FtpCall, 'target' | 'extra' | 'options'>): Promise<LocalPlan>;
  run(call: FtpCall): Promise<CommandOutput>;
}

/** Registers `cellftp <name> <url> [extra…]` with the modem and FTP options. */
export function defineFtpCommand(host: CommandHost, spec: FtpCommandSpec): Command {
  let cmd = host.program.command(spec.name).summary(spec.summary).description(spec.summary).argument('<url>', 'ftp://user[:pass]@host[:port]/path');
  for (const [arg, description] of spec.extraArgs ?? []) cmd = cmd.argument(arg, description);
  cmd = addFtpOptions(spec.configure ? spec.configure(cmd) : cmd, host.ctx.con.streams.env);
  cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n\n${EXIT_CODES_SHORT}\n`);
  return cmd.action(async (url: string, ...rest: unknown[]) => {
    const options = rest[rest.length - 2] as FtpCliOptions & Record<string, unknown>;
    const extra = rest.slice(0, rest.length - 2) as Array<string | undefined>;
    await runGuarded(host, spec.name, options.json, async () => {
      const target = parseFtpTarget(url, host.ctx.con.streams.env, options.secure);
      if (options.ca !== undefined) await requireReadableFile(options.ca, '--ca');
      const local = spec.check ? await spec.check({ target, extra, options }) : {};
      return withFtp(host.ctx, options, target, (ftp, board) =>
        spec.run({ ftp, target, extra, options, board, signal: host.ctx.signal, local, note: (text) => host.ctx.con.err(`cellftp ${spec.name}: ${text}`) }),
      );
    });
  });
}
