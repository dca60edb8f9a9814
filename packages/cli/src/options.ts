import { Option, type Command } from 'commander';
import { usageError } from './exit-codes.js';

/** Options shared by every command that talks to a modem. */
export interface ModemCliOptions {
  port?: string;
  baud: number;
  apn: string;
  trace: boolean;
  json: boolean;
  progress: boolean;
}

/** Options of commands that also log in to an FTP server. */
export interface FtpCliOptions extends ModemCliOptions {
  secure?: 'explicit' | 'implicit';
  insecure: boolean;
}

/** Parses a positive integer option value, or fails as a usage error. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw usageError(`${name} must be a positive integer, not "${value}"`);
    return n;
  };
}

/** `--json` and `--trace`: every modem command, `demo` and `emulate`. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document on stdout (for scripts)', false)
    .option('--trace', 'log every AT command and response to stderr (passwords shown as ***)', false);
}

/** `--port`, `--baud`, `--apn`: how to reach the modem and its data context. */
export function addModemOptions(cmd: Command, env: NodeJS.ProcessEnv): Command {
  const port = new Option('--port <path>', 'serial device or pty of the modem (env CELLFTP_PORT)');
  if (env['CELLFTP_PORT']) port.default(env['CELLFTP_PORT']);
  return addOutputOptions(
    cmd
      .addOption(port)
      .option('--baud <n>', 'serial line rate', positiveInt('--baud'), 115200)
      // The drivers reuse an already active context, so this default only matters on a fresh module.
      .option('--apn <apn>', 'APN of the data context (env CELLFTP_APN)', env['CELLFTP_APN'] ?? 'internet'),
  );
}

/** `--secure`, `--insecure`, `--no-progress`: FTP commands. */
export function addFtpOptions(cmd: Command, env: NodeJS.ProcessEnv): Command {
  return addModemOptions(cmd, env)
    .addOption(new Option('--secure <mode>', 'FTPS: AUTH TLS on the control port, or TLS from the start').choices(['explicit', 'implicit']))
    .option('--insecure', 'FTPS without certificate verification (test servers only)', false)
    .option('--no-progress', 'never draw a progress bar');
}
