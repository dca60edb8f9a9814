import { FtpError, urcFields, type AtEngine, type ConnectOptions } from '@cellftp/core';
import { commands } from '../commands.js';
import type { CftpsProfile } from '../profiles.js';
import { CFTPS_TIMINGS } from '../rules.js';

/** Contexts `AT+CGACT?` lists as active: `+CGACT: <cid>,<state>` per context. */
async function activeContexts(engine: AtEngine, signal?: AbortSignal): Promise<Set<number>> {
  const res = await engine.run({ text: commands.cgactQuery, claims: ['+CGACT:'], timeoutMs: CFTPS_TIMINGS.localMs }, signal ? { signal } : {});
  const active = new Set<number>();
  for (const line of res.lines) {
    const [cid, state] = urcFields(line);
    if (state === '1') active.add(Number(cid));
  }
  return active;
}

/**
 * Digest §2: `AT+CFTPSSTART` brings up the bearer itself and takes no context
 * id, so `connect()` prepares the context the documents name (S-AN §2.2: set
 * `AT+CGDCONT`; A-AN §3: `AT+CGACT=1,<cid>` where the network does not
 * auto-activate it). An active context is reused as it is.
 */
export async function connectBearer(engine: AtEngine, options: ConnectOptions, profile: CftpsProfile): Promise<number> {
  const cid = options.contextId ?? 1;
  if (!Number.isInteger(cid) || cid < 1 || cid > 15) throw new FtpError('INVALID_ARGUMENT', `invalid connect options: ${profile.family} contextId must be 1–15`);
  if (options.user || options.password) {
    // AT+CGAUTH's argument order differs between SIMCom manuals and is not in the FTP(S) documents.
    throw new FtpError('UNSUPPORTED', `${profile.family}: APN user/password are not supported by this driver; configure AT+CGAUTH on the module`);
  }
  const signal = options.signal;
  const opts = signal ? { signal } : {};
  if ((await activeContexts(engine, signal)).has(cid)) return cid;
  await engine.run({ text: commands.cgdcont(cid, options.apn), timeoutMs: CFTPS_TIMINGS.localMs }, opts);
  await engine.run({ text: commands.cgact(cid), timeoutMs: options.timeoutMs ?? 150_000 }, opts);
  if (!(await activeContexts(engine, signal)).has(cid)) {
    throw new FtpError('NETWORK', `AT+CGACT=1,${cid} answered OK but AT+CGACT? does not list context ${cid} as active`);
  }
  return cid;
}
