import { delay, FtpError, type OperationRunner, type ResolvedFtpOptions } from '@cellftp/core';
import { commands, FTP_STAT } from '../commands.js';
import { queryStat, rspTimeoutSeconds, TIMINGS } from '../vendor.js';

/** What `openFtp` needs beyond the user's options. */
export interface OpenSettings {
  contextId: number;
  sslContextId: number;
  caCert: string | undefined;
  /** Whether the family's firmware has `AT+QSSLCFG="sni"` (its profile). */
  sni: boolean;
}

/**
 * A module left logged in (or still logging out, which completes
 * asynchronously: VENDOR-FACTS README) refuses `AT+QFTPOPEN` with 603; bring
 * it to "closed" first.
 */
async function ensureLoggedOut(runner: OperationRunner, signal?: AbortSignal): Promise<void> {
  const deadline = runner.engine.scheduler.now() + runner.timeoutMs;
  let stat = await queryStat(runner, signal);
  if (stat === FTP_STAT.idle || stat === FTP_STAT.transferring) {
    // Straight to the engine: whatever this logout answers, the polling below decides, and it must not mark the new session closed.
    const wait = runner.timeoutMs;
    const close = { text: commands.close.text, timeoutMs: wait, resultUrc: { match: commands.close.result.any, timeoutMs: wait } };
    await runner.engine.run(close, signal ? { signal } : {}).catch(() => undefined);
    stat = await queryStat(runner, signal);
  }
  while (stat !== FTP_STAT.closed && runner.engine.scheduler.now() < deadline) {
    await delay(runner.engine.scheduler, TIMINGS.pollMs, signal);
    stat = await queryStat(runner, signal);
  }
  if (stat !== FTP_STAT.closed) throw new FtpError('BUSY', `the module's previous FTP session did not close (AT+QFTPSTAT: ${stat})`);
}

/**
 * AN §1.3 steps 2–3: `AT+QFTPCFG` items, the SSL context for FTPS, then
 * `AT+QFTPOPEN` and its `+QFTPOPEN: <err>,<protocol_error>` within the timeout.
 */
export async function openSession(runner: OperationRunner, options: ResolvedFtpOptions, settings: OpenSettings, signal?: AbortSignal): Promise<void> {
  await ensureLoggedOut(runner, signal);
  const cfg = (text: string, secrets?: string[]): Promise<unknown> =>
    runner.plain({ text, timeoutMs: TIMINGS.localMs, ...(secrets ? { secrets } : {}) }, signal);
  runner.engine.secrets.addUser(options.user);
  runner.engine.secrets.add(options.password);
  await cfg(commands.cfg('contextid', settings.contextId));
  await cfg(commands.cfg('account', options.user, options.password), [options.user, options.password]);
  // Binary always: ASCII mode rewrites line endings (B.9 #6).
  await cfg(commands.cfg('filetype', 0));
  // FTPS requires passive (AN §2.1 note); active rarely works behind carrier NAT (B.9 #7).
  await cfg(commands.cfg('transmode', options.passive || options.secure !== false ? 1 : 0));
  await cfg(commands.cfg('rsptimeout', rspTimeoutSeconds(options.timeoutMs)));
  await cfg(commands.cfg('ssltype', options.secure === 'implicit' ? 1 : options.secure === 'explicit' ? 2 : 0));
  if (options.secure !== false) await configureSsl(runner, options, settings, signal);
  if (options.useControlAddressForData) await cfg(commands.cfg('data_address', 1));
  // Firmware before AN v1.1 may lack data_address; the default (0) needs no command to be true.
  else await cfg(commands.cfg('data_address', 0)).catch(() => undefined);
  // AN §2.2: maximum response time 125 s; the user's timeout decides when that is shorter.
  await runner.run({ ...commands.open(options.host, options.port), signal, timeoutMs: options.timeoutMs, opensSession: true });
}

/** SSL AN via VENDOR-FACTS §B.5: bind a context and verify the server unless told not to. */
async function configureSsl(runner: OperationRunner, options: ResolvedFtpOptions, settings: OpenSettings, signal?: AbortSignal): Promise<void> {
  const ctx = settings.sslContextId;
  const run = (text: string): Promise<unknown> => runner.plain({ text, timeoutMs: TIMINGS.localMs }, signal);
  await run(commands.cfg('sslctxid', ctx));
  await run(commands.ssl('sslversion', ctx, 4));
  await run(commands.sslLiteral('ciphersuite', ctx, '0XFFFF'));
  // seclevel 1 = verify the server against "cacert"; 0 = no verification (AN §3.2 example).
  await run(commands.ssl('seclevel', ctx, options.dangerouslyAcceptAnyCertificate ? 0 : 1));
  if (settings.caCert !== undefined) await run(commands.ssl('cacert', ctx, settings.caCert));
  // SNI off by default on some firmware breaks shared-IP servers (VENDOR-FACTS §B.5); older firmware lacks it.
  if (settings.sni) await run(commands.ssl('sni', ctx, 1)).catch(() => undefined);
}
