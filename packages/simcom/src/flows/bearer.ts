import { FtpError, type AtEngine, type ConnectOptions } from '@cellftp/core';
import { activeContextsOf, bearerCameUp, CNACT_QUERY, cnact, cncfg } from '../commands.js';

const activeContexts = async (engine: AtEngine, signal?: AbortSignal): Promise<number[]> => activeContextsOf(await engine.run(CNACT_QUERY, signal ? { signal } : {}));

/** FTPCID must name an active CNACT context (VENDOR-FACTS A.2): `known` while it is active, else the first. */
export async function activeContext(engine: AtEngine, known: number | undefined, signal?: AbortSignal): Promise<number> {
  const active = await activeContexts(engine, signal);
  const cid = known !== undefined && active.includes(known) ? known : active[0];
  if (cid === undefined) throw new FtpError('NETWORK', `no active bearer: call modem.connect({ apn }) first (${CNACT_QUERY.text} shows none)`, { command: CNACT_QUERY.text });
  return cid;
}

/**
 * Brings up the APP network bearer (AT manual V1.05 §7.2.1–7.2.2, S-FTPAN
 * §4): AT+CNCFG sets APN and credentials, AT+CNACT=<n>,1 answers OK first
 * and `+APP PDP: <n>,ACTIVE` later (VENDOR-FACTS A.2). An active context is
 * reused: activating it again would only earn ERROR.
 *
 * @returns the active `<pdpidx>`.
 */
export async function connectBearer(engine: AtEngine, options: ConnectOptions): Promise<number> {
  const pdpidx = options.contextId ?? 0;
  if (!Number.isInteger(pdpidx) || pdpidx < 0 || pdpidx > 3) {
    throw new FtpError('INVALID_ARGUMENT', 'invalid connect options: contextId must be 0–3 on SIMCom (CNACT <pdpidx>)');
  }
  const run = options.signal ? { signal: options.signal } : {};
  if ((await activeContexts(engine, options.signal)).includes(pdpidx)) return pdpidx;
  await engine.run(cncfg(pdpidx, options.apn, options.user, options.password), run);
  const res = await engine.run(cnact(pdpidx, options.timeoutMs ?? 150_000), run);
  if (!bearerCameUp(res)) {
    throw new FtpError('NETWORK', `${res.command}: the bearer did not come up (${res.resultUrc ?? 'no URC'})`, { command: res.command });
  }
  return pdpidx;
}
