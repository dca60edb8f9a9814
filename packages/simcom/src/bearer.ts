import { FtpError, type AtEngine, type ConnectOptions } from '@cellftp/core';
import { cncfgCommand } from './commands.js';
import type { ModuleState } from './session/module-state.js';

const CNACT_LINE = /^\+CNACT: ?(\d+),(\d+),/;

/** `AT+CNACT?` → the `<pdpidx>`es whose `<status>` is 1 (activated), §7.2.1. */
export async function activeContexts(engine: AtEngine, signal?: AbortSignal): Promise<number[]> {
  const res = await engine.run({ text: 'AT+CNACT?', claims: [CNACT_LINE], timeoutMs: 5000 }, signal ? { signal } : {});
  return res.lines.flatMap((line) => {
    const m = CNACT_LINE.exec(line);
    return m && m[2] === '1' ? [Number(m[1])] : [];
  });
}

/**
 * Brings up the APP network bearer (AT manual V1.05 §7.2.1–7.2.2, S-FTPAN
 * §4): AT+CNCFG sets APN and credentials, AT+CNACT=<n>,1 answers OK first
 * and `+APP PDP: <n>,ACTIVE` later (VENDOR-FACTS A.2). An active context is
 * reused: activating it again would only earn ERROR.
 */
export async function connectBearer(engine: AtEngine, state: ModuleState, options: ConnectOptions): Promise<void> {
  const pdpidx = options.contextId ?? 0;
  if (!Number.isInteger(pdpidx) || pdpidx < 0 || pdpidx > 3) {
    throw new FtpError('INVALID_ARGUMENT', 'invalid connect options: contextId must be 0–3 on SIMCom (CNACT <pdpidx>)');
  }
  const run = options.signal ? { signal: options.signal } : {};
  if ((await activeContexts(engine, options.signal)).includes(pdpidx)) {
    state.activeContext = pdpidx;
    return;
  }
  await engine.run(
    { text: cncfgCommand(pdpidx, options.apn, options.user, options.password), secrets: [options.user, options.password], timeoutMs: 5000 },
    run,
  );
  const res = await engine.run(
    {
      text: `AT+CNACT=${pdpidx},1`,
      timeoutMs: 10_000,
      resultUrc: { match: new RegExp(`^\\+APP PDP: ?${pdpidx},(ACTIVE|DEACTIVE)$`), timeoutMs: options.timeoutMs ?? 150_000 },
    },
    run,
  );
  if (!res.resultUrc?.endsWith(',ACTIVE')) {
    throw new FtpError('NETWORK', `AT+CNACT=${pdpidx},1: the bearer did not come up (${res.resultUrc ?? 'no URC'})`, { command: res.command });
  }
  state.activeContext = pdpidx;
}
