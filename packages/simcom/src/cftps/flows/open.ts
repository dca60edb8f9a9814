import { FtpError, type OperationRunner, type ResolvedFtpOptions } from '@cellftp/core';
import { onLogin } from '../codes.js';
import { commands, SERVER_TYPE } from '../commands.js';
import type { CftpsProfile } from '../profiles.js';
import { CFTPS_TIMINGS } from '../rules.js';
import { checkTls, configureTls, type CertMemory, type CftpsTlsSettings } from './tls.js';

const quiet = (promise: Promise<unknown>): Promise<unknown> => promise.catch(() => undefined);

/**
 * `AT+CFTPSSTART` (+ `+CFTPSSTART: 0`). A service already started (an earlier
 * program, a lost login) answers an error: the documented order is undone —
 * logout first, then stop (STOP while logged in is refused, A-MAN §17.2.4) —
 * and the service started again, as field drivers do (digest §2).
 */
async function startService(runner: OperationRunner, signal?: AbortSignal): Promise<void> {
  const wait = Math.min(runner.timeoutMs, CFTPS_TIMINGS.localMs * 2);
  try {
    await runner.run({ ...commands.start, signal, timeoutMs: wait, opensSession: true, retryBusy: false });
    return;
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  await quiet(runner.run({ ...commands.logout, signal, timeoutMs: wait, opensSession: true, retryBusy: false }));
  await quiet(runner.run({ ...commands.stop, signal, timeoutMs: wait, opensSession: true, retryBusy: false }));
  await runner.run({ ...commands.start, signal, timeoutMs: wait, opensSession: true, retryBusy: false });
}

const serverType = (secure: ResolvedFtpOptions['secure']): number =>
  secure === 'implicit' ? SERVER_TYPE.implicit : secure === 'explicit' ? SERVER_TYPE.explicitTls : SERVER_TYPE.plain;

/**
 * Digest §3 in the documented order: service, data-address rule and mode
 * (before login), TLS contexts, `AT+CFTPSLOGIN` with `<server_type>` always
 * given (omitted means implicit FTPS, Q2), then binary type (only after
 * login, Q1).
 */
export async function openCftps(
  runner: OperationRunner,
  options: ResolvedFtpOptions,
  profile: CftpsProfile,
  tls: CftpsTlsSettings & { memory: CertMemory },
  signal?: AbortSignal,
): Promise<void> {
  const passive = options.passive || options.secure !== false;
  if (!passive && !profile.mode) throw new FtpError('UNSUPPORTED', `active mode: ${profile.family} has no AT+CFTPSMODE, its data connections are passive`);
  // Refusals come before the first byte is written.
  checkTls(options, profile, tls);
  runner.engine.secrets.addUser(options.user);
  runner.engine.secrets.add(options.password);
  const local = (text: string): Promise<unknown> => runner.plain({ text, timeoutMs: CFTPS_TIMINGS.localMs }, signal);
  await startService(runner, signal);
  // 1 = data connections go to the control connection's address (servers behind NAT); 0 is the default.
  if (options.useControlAddressForData) await local(commands.singleIp(true));
  else await quiet(local(commands.singleIp(false)));
  // Only some A76xx builds have AT+CFTPSMODE; passive is what the others do anyway.
  if (profile.mode) {
    if (passive) await quiet(local(commands.mode(true)));
    else await local(commands.mode(false));
  }
  if (options.secure !== false) await configureTls(runner, options, profile, tls, tls.memory, signal);
  const login = commands.login(options.host, options.port, options.user, options.password, serverType(options.secure));
  await runner.run({
    ...login,
    signal,
    opensSession: true,
    command: { secrets: [options.user, options.password] },
    codeFor: onLogin,
  });
  await runner.run({ ...commands.typeBinary, signal });
}

/** Logout before stop (A-MAN §17.2.4); a login already gone still lets the service stop. */
export async function closeCftps(runner: OperationRunner, signal?: AbortSignal): Promise<void> {
  const wait = Math.min(runner.timeoutMs, CFTPS_TIMINGS.localMs * 2);
  let failure: unknown;
  try {
    await runner.run({ ...commands.logout, signal, timeoutMs: wait, retryBusy: false, opensSession: true });
  } catch (error) {
    failure = error;
  }
  await runner.run({ ...commands.stop, signal, timeoutMs: wait, retryBusy: false, opensSession: true }).catch((error: unknown) => {
    failure ??= error;
  });
  if (failure && !(failure instanceof FtpError)) throw failure;
}
