import { FtpError, type ResolvedFtpOptions } from '@cellftp/core';
import { commands, FTP_STAT } from '../commands.js';
import { delay, queryStat, runFtp, runPlain, type Link } from './runner.js';

/** What `openFtp` needs beyond the user's options. */
export interface OpenSettings {
  contextId: number;
  sslContextId: number;
  caCert: string | undefined;
}

/** `rsptimeout` is whole seconds in 20–180 (AN §2.1). */
export function rspTimeoutSeconds(timeoutMs: number): number {
  return Math.min(180, Math.max(20, Math.ceil(timeoutMs / 1000)));
}

/**
 * How long the host waits for one operation's result. From 20 s up the module
 * reports its own 609 at `rsptimeout`, so the host waits a little longer to
 * receive it; below the module's 20 s floor the caller's timeout is enforced
 * by the host itself (the module may then stay busy, which the 603 handling
 * of the next operation absorbs).
 */
export function hostWaitMs(timeoutMs: number): number {
  return timeoutMs < 20_000 ? timeoutMs : rspTimeoutSeconds(timeoutMs) * 1000 + 5000;
}

/**
 * A module left logged in (or still logging out, which completes
 * asynchronously: VENDOR-FACTS README) refuses `AT+QFTPOPEN` with 603; bring
 * it to "closed" first.
 */
async function ensureLoggedOut(link: Link, signal?: AbortSignal): Promise<void> {
  const deadline = link.engine.scheduler.now() + link.opTimeoutMs;
  let stat = await queryStat(link, signal);
  if (stat === FTP_STAT.idle || stat === FTP_STAT.transferring) {
    await runFtp(link, { name: 'QFTPCLOSE', text: commands.close, signal }).catch(() => undefined);
    stat = await queryStat(link, signal);
  }
  while (stat !== FTP_STAT.closed && link.engine.scheduler.now() < deadline) {
    await delay(link.engine, 200, signal);
    stat = await queryStat(link, signal);
  }
  if (stat !== FTP_STAT.closed) throw new FtpError('BUSY', `the module's previous FTP session did not close (AT+QFTPSTAT: ${stat})`);
  link.closed = false;
}

/**
 * AN §1.3 steps 2–3: `AT+QFTPCFG` items, the SSL context for FTPS, then
 * `AT+QFTPOPEN` and its `+QFTPOPEN: <err>,<protocol_error>` within the timeout.
 */
export async function openSession(link: Link, options: ResolvedFtpOptions, settings: OpenSettings, signal?: AbortSignal): Promise<void> {
  await ensureLoggedOut(link, signal);
  const cfg = (text: string, secrets?: string[]): Promise<unknown> =>
    runPlain(link, { text, timeoutMs: 3000, ...(secrets ? { secrets } : {}) }, signal);
  link.engine.secrets.addUser(options.user);
  link.engine.secrets.add(options.password);
  await cfg(commands.cfg('contextid', settings.contextId));
  await cfg(commands.cfg('account', options.user, options.password), [options.user, options.password]);
  // Binary always: ASCII mode rewrites line endings (B.9 #6).
  await cfg(commands.cfg('filetype', 0));
  // FTPS requires passive (AN §2.1 note); active rarely works behind carrier NAT (B.9 #7).
  await cfg(commands.cfg('transmode', options.passive || options.secure !== false ? 1 : 0));
  await cfg(commands.cfg('rsptimeout', rspTimeoutSeconds(options.timeoutMs)));
  await cfg(commands.cfg('ssltype', options.secure === 'implicit' ? 1 : options.secure === 'explicit' ? 2 : 0));
  if (options.secure !== false) await configureSsl(link, options, settings, signal);
  if (options.useControlAddressForData) await cfg(commands.cfg('data_address', 1));
  // Firmware before AN v1.1 may lack data_address; the default (0) needs no command to be true.
  else await cfg(commands.cfg('data_address', 0)).catch(() => undefined);
  const { fields, response } = await runFtp(link, {
    name: 'QFTPOPEN',
    text: commands.open(options.host, options.port),
    signal,
    // AN §2.2: maximum response time 125 s; the user's timeout decides when that is shorter.
    timeoutMs: options.timeoutMs,
  });
  if (fields[0] !== '0') throw new FtpError('PROTOCOL', `${response.command}: unexpected ${response.resultUrc}`);
  link.closed = false;
}

/** SSL AN via VENDOR-FACTS §B.5: bind a context and verify the server unless told not to. */
async function configureSsl(link: Link, options: ResolvedFtpOptions, settings: OpenSettings, signal?: AbortSignal): Promise<void> {
  const ctx = settings.sslContextId;
  const run = (text: string): Promise<unknown> => runPlain(link, { text, timeoutMs: 3000 }, signal);
  await run(commands.cfg('sslctxid', ctx));
  await run(commands.ssl('sslversion', ctx, 4));
  await run(commands.sslLiteral('ciphersuite', ctx, '0XFFFF'));
  // seclevel 1 = verify the server against "cacert"; 0 = no verification (AN §3.2 example).
  await run(commands.ssl('seclevel', ctx, options.dangerouslyAcceptAnyCertificate ? 0 : 1));
  if (settings.caCert !== undefined) await run(commands.ssl('cacert', ctx, settings.caCert));
  // SNI off by default on some firmware breaks shared-IP servers (VENDOR-FACTS §B.5); older firmware lacks it.
  await run(commands.ssl('sni', ctx, 1)).catch(() => undefined);
}
