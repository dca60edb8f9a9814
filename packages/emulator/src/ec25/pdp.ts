import { intArg, type AtCommand } from '../common/at-parse.js';
import type { AtOutput } from '../common/output.js';
import type { PdpContext } from './context.js';

/** The IP a context gets; context 1 gets the address of the AN §3.1 example. */
export function contextIp(id: number): string {
  return `10.7.157.${id}`;
}

function contextId(cmd: AtCommand): number | undefined {
  const id = intArg(cmd.args[0]);
  return id !== undefined && id >= 1 && id <= 16 ? id : undefined;
}

/** AT+QICSGP=<id>[,<type>,"<APN>"[,"<user>","<password>"[,<auth>]]] (VENDOR-FACTS §B.6). */
export function handleQicsgp(cmd: AtCommand, contexts: Map<number, PdpContext>, out: AtOutput): void {
  if (cmd.form === 'test') return out.respond(['+QICSGP: (1-16),(1-3),<APN>,<username>,<password>,(0-3)']);
  const id = cmd.form === 'write' ? contextId(cmd) : undefined;
  if (id === undefined) return out.error();
  const ctx = contexts.get(id) ?? { type: 1, apn: '', user: '', password: '', auth: 0, active: false };
  if (cmd.args.length === 1) return out.respond([`+QICSGP: ${ctx.type},"${ctx.apn}","${ctx.user}","${ctx.password}",${ctx.auth}`]);
  const type = intArg(cmd.args[1]);
  const auth = cmd.args.length > 5 ? intArg(cmd.args[5]) : 0;
  if (type === undefined || type < 1 || type > 3 || auth === undefined || auth < 0 || auth > 3) return out.error();
  contexts.set(id, { ...ctx, type, apn: cmd.args[2]?.text ?? '', user: cmd.args[3]?.text ?? '', password: cmd.args[4]?.text ?? '', auth });
  out.ok();
}

/**
 * AT+QIACT=<id> / AT+QIACT? (one line per active context; bare OK when none); at most `maxActive` at once
 * (the dialect's).
 */
export function handleQiact(cmd: AtCommand, contexts: Map<number, PdpContext>, out: AtOutput, maxActive: number): void {
  if (cmd.form === 'test') return out.respond(['+QIACT: (1-16)']);
  if (cmd.form === 'read') {
    const lines = [...contexts.entries()]
      .filter(([, c]) => c.active)
      .sort(([a], [b]) => a - b)
      .map(([id, c]) => `+QIACT: ${id},1,${c.type},"${contextIp(id)}"`);
    return out.respond(lines);
  }
  const id = cmd.form === 'write' ? contextId(cmd) : undefined;
  if (id === undefined) return out.error();
  const ctx = contexts.get(id) ?? { type: 1, apn: '', user: '', password: '', auth: 0, active: false };
  if (ctx.active) return out.ok();
  if ([...contexts.values()].filter((c) => c.active).length >= maxActive) return out.error();
  contexts.set(id, { ...ctx, active: true });
  out.ok();
}

/** AT+QIDEACT=<id>; returns the id deactivated (so the FTP session on it can drop). */
export function handleQideact(cmd: AtCommand, contexts: Map<number, PdpContext>, out: AtOutput): number | undefined {
  if (cmd.form === 'test') {
    out.respond(['+QIDEACT: (1-16)']);
    return undefined;
  }
  const id = cmd.form === 'write' ? contextId(cmd) : undefined;
  if (id === undefined) {
    out.error();
    return undefined;
  }
  const ctx = contexts.get(id);
  if (ctx) ctx.active = false;
  out.ok();
  return id;
}
