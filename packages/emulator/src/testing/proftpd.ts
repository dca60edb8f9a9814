import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refusedCommands } from './ftp-server.js';
import { testCertificate } from './tls-cert.js';
import type { TestFtpServer } from './types.js';

export const PROFTPD = '/usr/sbin/proftpd';

/** True when the daemon and its TLS module are installed. */
export function proftpdAvailable(): boolean {
  return existsSync(PROFTPD) && existsSync('/usr/lib/proftpd/mod_tls.so');
}

/** proftpd with plain + explicit TLS on `port` and implicit TLS on `implicitPort`. */
export interface ProftpdServer extends TestFtpServer {
  implicitPort: number;
  ca: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

function config(dir: string, root: string, port: number, implicitPort: number, pasv: number, limits: string): string {
  const cert = testCertificate();
  const tls = `  TLSEngine on
  TLSRSACertificateFile ${cert.certPath}
  TLSRSACertificateKeyFile ${cert.keyPath}
  TLSProtocol TLSv1.2 TLSv1.3
  TLSRequired off
  TLSVerifyClient off
  TLSRenegotiate none`;
  // One process serves both: the main server does plain FTP and AUTH TLS, a
  // virtual host on a second port does implicit TLS (mod_tls UseImplicitSSL).
  return `ServerType standalone
DefaultServer on
ServerName "cellftp test"
Port ${port}
DefaultAddress 127.0.0.1
SocketBindTight on
UseIPv6 off
User nobody
Group nogroup
PidFile ${dir}/proftpd.pid
ScoreboardFile ${dir}/scoreboard
DelayTable none
WtmpLog off
UseReverseDNS off
RequireValidShell off
AuthOrder mod_auth_file.c
AuthUserFile ${dir}/passwd
AuthGroupFile ${dir}/group
DefaultRoot ~
AllowStoreRestart on
AllowOverwrite on
PassivePorts ${pasv} ${pasv + 40}
MaxInstances 30
TransferLog none
SystemLog ${dir}/system.log
Umask 022
LoadModule mod_tls.c
<IfModule mod_tls.c>
${tls}
  TLSOptions NoSessionReuseRequired
</IfModule>
${limits}<VirtualHost 127.0.0.1>
  Port ${implicitPort}
  AuthOrder mod_auth_file.c
  AuthUserFile ${dir}/passwd
  AuthGroupFile ${dir}/group
  DefaultRoot ~
  RequireValidShell off
  AllowStoreRestart on
  AllowOverwrite on
  PassivePorts ${pasv + 41} ${pasv + 80}
${tls}
  TLSOptions UseImplicitSSL NoSessionReuseRequired
${limits}</VirtualHost>
<Directory />
  AllowOverwrite on
</Directory>
`;
}

/** A server that refuses a data connection mode answers its commands with an error (DenyAll → 550). */
function refusedModes(modes: ReadonlyArray<'passive' | 'active'>): string {
  const refused = refusedCommands(modes);
  return refused.length === 0 ? '' : `<Limit ${refused.join(' ')}>\n  DenyAll\n</Limit>\n`;
}

/**
 * Starts proftpd in the foreground (`-n`) as a child of the test process on
 * 127.0.0.1 with user `test`/`test` rooted at `root`. Stop it with `stop()`
 * (SIGTERM, awaited): this machine's PID 1 does not reap orphans.
 */
export async function startProftpd(options: { dataModes?: ReadonlyArray<'passive' | 'active'> } = {}): Promise<ProftpdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cellftp-proftpd-'));
  const root = join(dir, 'root');
  mkdirSync(root);
  chmodSync(dir, 0o755);
  chmodSync(root, 0o777);
  const hash = execFileSync('openssl', ['passwd', '-1', 'test']).toString().trim();
  writeFileSync(join(dir, 'passwd'), `test:${hash}:65534:65534::${root}:/bin/false\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'group'), 'nogroup:x:65534:\n', { mode: 0o600 });
  const port = await freePort();
  const implicitPort = await freePort();
  // Below Linux's ephemeral range (32768–60999), so no client socket of a parallel test holds a passive port.
  const pasv = 10000 + Math.floor(Math.random() * 20000);
  const configPath = join(dir, 'proftpd.conf');
  writeFileSync(configPath, config(dir, root, port, implicitPort, pasv, refusedModes(options.dataModes ?? ['passive', 'active'])));
  const child = spawn(PROFTPD, ['-n', '-q', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await waitForPort(port, child, () => output);
  return {
    host: '127.0.0.1',
    port,
    implicitPort,
    user: 'test',
    password: 'test',
    root,
    ca: testCertificate().cert,
    mlsd: true,
    stop: async () => {
      await stopChildProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`proftpd exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGTERM');
  throw new Error(`proftpd did not listen on ${port}: ${output()}`);
}

function stopChildProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
