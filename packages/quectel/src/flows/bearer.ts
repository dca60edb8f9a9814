import { FtpError, urcFields, type ConnectOptions, type OperationRunner } from '@cellftp/core';
import { commands } from '../commands.js';
import type { QuectelProfile } from '../profiles.js';
import { TIMINGS } from '../vendor.js';

/** Active contexts from `AT+QIACT?`: `+QIACT: <id>,<state>,<type>,"<ip>"`, none at all when idle (VENDOR-FACTS §B.6). */
async function activeContexts(runner: OperationRunner, signal?: AbortSignal): Promise<Set<number>> {
  const res = await runner.plain({ text: commands.qiactQuery, claims: ['+QIACT:'], timeoutMs: TIMINGS.fileMs }, signal);
  const active = new Set<number>();
  for (const line of res.lines) {
    const [id, state] = urcFields(line);
    if (state === '1') active.add(Number(id));
  }
  return active;
}

/**
 * TCP(IP) AN via VENDOR-FACTS §B.6: reuse an active context, else
 * `AT+QICSGP` then `AT+QIACT` (up to 150 s), then check with `AT+QIACT?`.
 */
export async function activateContext(runner: OperationRunner, options: ConnectOptions, profile: QuectelProfile): Promise<number> {
  const id = options.contextId ?? 1;
  if (!Number.isInteger(id) || id < 1 || id > 16) throw new FtpError('INVALID_ARGUMENT', 'invalid connect options: Quectel contextId must be 1–16');
  const signal = options.signal;
  const active = await activeContexts(runner, signal);
  if (active.has(id)) return id;
  const user = options.user ?? '';
  const password = options.password ?? '';
  runner.engine.secrets.addUser(options.user);
  runner.engine.secrets.add(options.password);
  // Authentication 3 = PAP or CHAP when credentials are given, 0 = none.
  const auth = user || password ? 3 : 0;
  const secrets = [options.user, options.password];
  await runner.plain({ text: commands.qicsgp(id, options.apn, user, password, auth), timeoutMs: TIMINGS.fileMs, secrets }, signal);
  try {
    await runner.plain({ text: commands.qiact(id), timeoutMs: options.timeoutMs ?? profile.activateMs }, signal);
  } catch (error) {
    // A refusal with the family's limit reached says why: the user can reuse an active context instead.
    const { maxActive, source } = profile.pdp;
    if (active.size >= maxActive && error instanceof Error) {
      error.message += ` (${profile.family}: at most ${maxActive} PDP contexts active at once, ${source}; active: ${[...active].join(', ')}; pass one of them as contextId)`;
    }
    throw error;
  }
  if (!(await activeContexts(runner, signal)).has(id)) {
    throw new FtpError('NETWORK', `AT+QIACT=${id} answered OK but AT+QIACT? does not list context ${id} as active`);
  }
  return id;
}
