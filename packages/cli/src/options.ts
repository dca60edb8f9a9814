import { Option, type Command } from 'commander';
import { parseBaud } from './baud.js';
import { usageError } from './exit-codes.js';
import { strategyHelp } from './strategy-help.js';

/** Options shared by every command that talks to a modem. */
export interface ModemCliOptions {
  port?: string;
  baud: number;
  /** Milliseconds to wait for the module's first AT answer (`--ready-timeout`, given in seconds). */
  readyTimeout: number;
  apn: string;
  trace: boolean;
  json: boolean;
  progress: boolean;
}

/** Options of commands that also log in to an FTP server. */
export interface FtpCliOptions extends ModemCliOptions {
  secure?: 'explicit' | 'implicit';
  insecure: boolean;
  /** A local PEM file with the CA that signed the server's certificate. */
  ca?: string;
  /** A CA already stored on the module (Quectel `UFS:cacert.pem`, SIMCom a converted file name). */
  caName?: string;
  downloadStrategy?: string;
  uploadStrategy?: string;
}

/** Parses a positive integer option value, or fails as a usage error. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw usageError(`${name} must be a positive integer, not "${value}"`);
    return n;
  };
}

/** Parses `--ready-timeout <seconds>` (decimals allowed, up to ten minutes) into milliseconds. */
export function readySeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(seconds > 0) || seconds > 600) throw usageError(`--ready-timeout must be a number of seconds from 0.1 to 600, not "${value}"`);
  return Math.round(seconds * 1000);
}

/** `--json` and `--trace`: every modem command, `demo` and `emulate`. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document on stdout (for scripts)', false)
    .option('--trace', 'log every AT command and response to stderr (passwords shown as ***)', false);
}

/** `--port`, `--baud`, `--apn`: how to reach the modem and its data context. */
export function addModemOptions(cmd: Command, env: NodeJS.ProcessEnv): Command {
  const port = new Option('--port <path>', 'serial device or pty of the modem, or tcp://host:port (also bare host:port) for a serial line over TCP (env CELLFTP_PORT)');
  if (env['CELLFTP_PORT']) port.default(env['CELLFTP_PORT']);
  return addOutputOptions(
    cmd
      .addOption(port)
      .option('--baud <n>', 'serial line rate (a standard rate: 9600 … 115200 … 921600 … 4000000)', parseBaud, 115200)
      // A module booting after power-on can stay silent for 12 s or more; 20 s is openModem's own default.
      .option('--ready-timeout <seconds>', 'how long to wait for a booting module\'s first AT answer', readySeconds, 20_000)
      // The drivers reuse an already active context, so this default only matters on a fresh module.
      .option('--apn <apn>', 'APN of the data context (env CELLFTP_APN)', env['CELLFTP_APN'] ?? 'internet'),
  );
}

/** `--secure`, `--ca`, `--insecure`, strategies, `--no-progress`: FTP commands. */
export function addFtpOptions(cmd: Command, env: NodeJS.ProcessEnv): Command {
  return addModemOptions(cmd, env)
    .addOption(new Option('--secure <mode>', 'FTPS: AUTH TLS on the control port, or TLS from the start').choices(['explicit', 'implicit']))
    .option('--ca <file>', 'FTPS: local PEM file of the CA that signed the server certificate (the driver writes it to the module)')
    .option('--ca-name <name>', 'FTPS: a CA already on the module (Quectel e.g. UFS:cacert.pem; SIMCom a converted file name)')
    .option('--insecure', 'FTPS WITHOUT certificate verification: anyone on the path can read and change the transfer (test servers only)', false)
    .option('--download-strategy <name>', `how the module moves downloads (${strategyHelp('download')}; default: the first)`)
    .option('--upload-strategy <name>', `how the module moves uploads (${strategyHelp('upload')}; default: the first)`)
    .option('--no-progress', 'never draw a progress bar');
}
