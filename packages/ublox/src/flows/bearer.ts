import { AtCommandError, FtpError, type AtEngine, type ConnectOptions } from '@cellftp/core';
import { CGACT, commands, UPSD_CID, UPSND_ACTIVE, UUPSDA } from '../commands.js';
import type { UbloxProfile } from '../profiles.js';
import { TIMINGS } from '../rules.js';

/** Contexts `AT+CGACT?` lists as active. */
async function activeContexts(engine: AtEngine, signal?: AbortSignal): Promise<Set<number>> {
  const res = await engine.run({ text: commands.cgactQuery, claims: ['+CGACT:'], timeoutMs: TIMINGS.localMs }, signal ? { signal } : {});
  const active = new Set<number>();
  for (const line of res.lines) {
    const m = CGACT.exec(line);
    if (m?.[2] === '1') active.add(Number(m[1]));
  }
  return active;
}

/** `AT+UPSND=0,8`; a firmware without it (ERROR) is taken as inactive. */
async function psdActive(engine: AtEngine, signal?: AbortSignal): Promise<boolean> {
  const res = await engine.run({ text: commands.upsndActive, claims: [UPSND_ACTIVE], timeoutMs: TIMINGS.localMs }, signal ? { signal } : {}).catch((error: unknown) => {
    if (error instanceof AtCommandError) return undefined;
    throw error;
  });
  return UPSND_ACTIVE.exec(res?.lines[0] ?? '')?.[1] === '1';
}

/**
 * Digest §2. SARA-R4 needs no PSD set-up: FTP uses the attach's EPS bearer,
 * which IADG §2.3 recommends keeping up with `AT+CGACT=1,<cid>`. SARA-R5 maps
 * the internal PSD profile 0 to the context (`AT+UPSD=0,0,0`, `AT+UPSD=0,100,<cid>`)
 * and activates it (`AT+UPSDA=0,3` → `OK`, then `+UUPSDA: 0,"<ip>"`). The APN
 * is the context's (`AT+CGDCONT`, IADG prelude), set only when the context is
 * not active already (a live context is reused as it is).
 */
export async function connectBearer(engine: AtEngine, options: ConnectOptions, profile: UbloxProfile): Promise<number> {
  const cid = options.contextId ?? 1;
  if (!Number.isInteger(cid) || cid < 1 || cid > profile.maxCid) {
    throw new FtpError('INVALID_ARGUMENT', `invalid connect options: ${profile.family} contextId must be 1–${profile.maxCid}`);
  }
  if (options.user || options.password) {
    throw new FtpError('UNSUPPORTED', `${profile.family}: APN user/password are not in the driver's documents; configure AT+UAUTHREQ / AT+CGAUTH on the module`);
  }
  const signal = options.signal;
  const run = (text: string, extra = {}) => engine.run({ text, timeoutMs: TIMINGS.localMs, ...extra }, signal ? { signal } : {});
  const active = (await activeContexts(engine, signal)).has(cid);
  if (!active) {
    await run(commands.cgdcont(cid, options.apn));
    // SARA-R5 too: after a lost context the PSD profile cannot activate on it (+CME ERROR: operation not allowed).
    await run(commands.cgact(cid), { timeoutMs: options.timeoutMs ?? TIMINGS.activateMs });
  }
  if (profile.bearer === 'cgact') return cid;
  // An active profile refuses every AT+UPSD change (+CME ERROR: operation not allowed): one already
  // active on this context (an earlier program) is reused, one on another context is deactivated first.
  if (await psdActive(engine, signal)) {
    const mapped = await engine.run({ text: commands.upsdCidQuery, claims: [UPSD_CID], timeoutMs: TIMINGS.localMs }, signal ? { signal } : {});
    if (Number(UPSD_CID.exec(mapped.lines[0] ?? '')?.[1]) === cid) return cid;
    await run(commands.upsdDeactivate);
  }
  await run(commands.upsdIpType);
  await run(commands.upsdCid(cid));
  const wait = options.timeoutMs ?? TIMINGS.activateMs;
  const res = await run(commands.upsdActivate, { timeoutMs: wait, resultUrc: { match: /^\+UUPSDA:/, timeoutMs: wait } });
  if (!UUPSDA.test(res.resultUrc ?? '')) {
    throw new FtpError('NETWORK', `${commands.upsdActivate}: the PSD profile did not activate (${res.resultUrc ?? 'no +UUPSDA'})`, { command: commands.upsdActivate });
  }
  return cid;
}
