import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FtpSrv } from 'ftp-srv';

/** Options for {@link startTestFtpServer}. */
export interface TestFtpServerOptions {
  /** Directory served as `/`; default: a new temporary directory, removed on `stop()`. */
  root?: string;
  /** Login accepted; default `test` / `test`. */
  user?: string;
  password?: string;
  /** Serve TLS: `'explicit'` (AUTH TLS on the same port) or `'implicit'`. Needs `key` and `cert`. */
  tls?: false | 'explicit' | 'implicit';
  key?: string | Buffer;
  cert?: string | Buffer;
  /**
   * Which data connection modes the server accepts; default both. A server
   * that refuses one (`502` to PASV/EPSV or to PORT/EPRT, like one behind a
   * strict firewall) proves that a modem really uses the mode it was set to.
   */
  dataModes?: ReadonlyArray<'passive' | 'active'>;
}

/** A running in-process FTP server on 127.0.0.1. */
export interface RunningTestFtpServer {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** The directory the user sees as `/`. */
  root: string;
  /** This server (ftp-srv 4.6.3) has no MLSD: listings are LIST only. */
  mlsd: false;
  stop(): Promise<void>;
}

/** The FTP commands that set up a data connection mode, for a server that refuses the modes not in `modes`. */
export function refusedCommands(modes: ReadonlyArray<'passive' | 'active'>): string[] {
  return [...(modes.includes('passive') ? [] : ['PASV', 'EPSV']), ...(modes.includes('active') ? [] : ['PORT', 'EPRT'])];
}

/** ftp-srv logs through bunyan at info level by default; tests want silence. */
const quietLog = {
  child: () => quietLog,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

/**
 * Starts an in-process FTP server (ftp-srv) on 127.0.0.1 with a free port, for
 * running a virtual modem end to end in your own tests.
 *
 * Limits of this server (not of the emulator): no MLSD/MLST, and REST+STOR
 * corrupts the file head — use APPE to resume uploads against it.
 *
 * @example
 * const ftp = await startTestFtpServer();
 * const vm = await startVirtualModem({ model: 'EC25', link: 'memory' });
 * // AT+QFTPOPEN="127.0.0.1",<ftp.port> ...
 * await vm.close();
 * await ftp.stop();
 */
export async function startTestFtpServer(options: TestFtpServerOptions = {}): Promise<RunningTestFtpServer> {
  const ownRoot = options.root === undefined;
  const root = options.root ?? (await mkdtemp(join(tmpdir(), 'cellftp-ftp-')));
  const user = options.user ?? 'test';
  const password = options.password ?? 'test';
  const tlsMode = options.tls ?? false;
  const tls = tlsMode && options.key && options.cert ? { key: options.key, cert: options.cert } : false;
  const before = new Set(process.listeners('SIGTERM'));
  const server = new FtpSrv({
    url: `${tlsMode === 'implicit' ? 'ftps' : 'ftp'}://127.0.0.1:0`,
    pasv_url: '127.0.0.1',
    pasv_min: 20000,
    pasv_max: 60000,
    anonymous: false,
    tls,
    greeting: 'cellftp test server',
    blacklist: refusedCommands(options.dataModes ?? ['passive', 'active']),
    log: quietLog as never,
  });
  // ftp-srv adds SIGTERM/SIGINT/SIGQUIT handlers per instance and never removes them.
  const added = (signal: NodeJS.Signals): Array<(...args: unknown[]) => void> =>
    process.listeners(signal).filter((l) => !before.has(l as never)) as Array<(...args: unknown[]) => void>;
  const handlers = { SIGTERM: added('SIGTERM'), SIGINT: added('SIGINT'), SIGQUIT: added('SIGQUIT') };
  for (const [signal, list] of Object.entries(handlers)) for (const l of list) process.off(signal, l);
  server.on('login', ({ username, password: given }, resolve, reject) => {
    if (username === user && given === password) resolve({ root });
    else reject(new Error('530 Login incorrect'));
  });
  await server.listen();
  // ftp-srv's typings omit the listening net.Server it keeps as `server`.
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    root,
    mlsd: false,
    stop: async () => {
      await server.close();
      if (ownRoot) await rm(root, { recursive: true, force: true });
    },
  };
}
