/**
 * Service and session commands (A-MAN §17.2.1–4, 17.2.15–18; S-MAN §12.2):
 * `AT+CFTPSSTART` / `STOP`, `LOGIN` / `LOGOUT`, `TYPE`, `SINGLEIP`, `MODE`.
 * State rules: STOP only after LOGOUT (A-MAN §17.2.4 note), TYPE only after
 * LOGIN (Q1), SINGLEIP and MODE only before it, LOGIN once per LOGOUT (a lost
 * session must be logged out first, code 421).
 */
import type { FtpConnectOptions } from '../backend/types.js';
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { CftpsCode } from './codes.js';
import type { CftpsContext } from './context.js';

/** `<server_type>` of LOGIN: 0 FTP, 1 explicit AUTH SSL, 2 explicit AUTH TLS, 3 implicit (the default, Q2). */
const TLS_BY_SERVER_TYPE: ReadonlyArray<FtpConnectOptions['tls']> = [false, 'explicit', 'explicit', 'implicit'];

export function serviceCommands(ctx: CftpsContext): Record<string, CommandHandler> {
  const { core, session, bearer, profile } = ctx;
  const out = core.out;
  const result = (name: string, code: number): void => {
    out.ok();
    out.urc(`${name}: ${code}`);
  };
  const table: Record<string, CommandHandler> = {
    '+CFTPSSTART': (cmd) => {
      // A second START is refused (MBED: drivers STOP then START again to recover).
      if (cmd.form !== 'exec' || session.started) return out.error();
      bearer.activateDefault();
      session.started = true;
      result('+CFTPSSTART', CftpsCode.ok);
    },
    '+CFTPSSTOP': (cmd) => {
      if (cmd.form !== 'exec' || !session.started || session.login !== 'out' || session.busy !== undefined) return out.error();
      session.started = false;
      result('+CFTPSSTOP', CftpsCode.ok);
    },
    '+CFTPSLOGIN': (cmd) => login(ctx, cmd),
    '+CFTPSLOGOUT': (cmd) => {
      if (cmd.form !== 'exec' || session.login === 'out') return out.error();
      if (session.busy !== undefined) return out.respond([`+CFTPSLOGOUT: ${CftpsCode.busy}`], 'ERROR');
      return ctx.runSessionOp('+CFTPSLOGOUT', { phase: 'command' }, () => session.logout().then(() => String(CftpsCode.ok)));
    },
    '+CFTPSTYPE': (cmd) => {
      if (cmd.form === 'test') return out.respond(['+CFTPSTYPE: (A,I)']);
      if (cmd.form === 'read') return out.respond([`+CFTPSTYPE: ${session.type}`]);
      const type = cmd.args[0]?.text.toUpperCase();
      if (cmd.form !== 'write' || (type !== 'A' && type !== 'I') || cmd.args.length !== 1) return out.error();
      if (session.login !== 'in' || session.busy !== undefined) return out.error();
      session.type = type;
      session.backend.setDataOptions({ mode: session.mode === 1 ? 'passive' : 'active', type: type === 'A' ? 'ascii' : 'binary' });
      result('+CFTPSTYPE', CftpsCode.ok);
    },
    // "Must be set before login" (A-MAN §17.2.15).
    '+CFTPSSINGLEIP': beforeLogin(ctx, '+CFTPSSINGLEIP', () => session.singleIp, (v) => (session.singleIp = v)),
  };
  // A76xx 1603/1606/1803 builds only; before login [I].
  if (profile.mode) table['+CFTPSMODE'] = beforeLogin(ctx, '+CFTPSMODE', () => session.mode, (v) => (session.mode = v));
  return table;
}

/** A 0/1 switch that may only change while logged out (SINGLEIP, MODE). */
function beforeLogin(ctx: CftpsContext, name: string, get: () => number, set: (value: number) => void): CommandHandler {
  const out = ctx.core.out;
  return (cmd) => {
    if (cmd.form === 'test') return out.respond([`${name}: (0,1)`]);
    if (cmd.form === 'read') return out.respond([`${name}: ${get()}`]);
    const value = intInRange(cmd.args[0], 0, 1);
    if (cmd.form !== 'write' || value === undefined || cmd.args.length !== 1 || ctx.session.login !== 'out') return out.error();
    set(value);
    out.ok();
  };
}

function login(ctx: CftpsContext, cmd: AtCommand): void | Promise<void> {
  const { core, session, profile, ssl, options } = ctx;
  const out = core.out;
  if (cmd.form === 'test') return out.respond(['+CFTPSLOGIN: "ADDRESS",(1-65535),"USERNAME","PASSWORD"[,(0-3)]']);
  if (cmd.form === 'read') return out.respond([`+CFTPSLOGIN: ${session.login === 'out' ? 0 : 1}`]);
  const [a0, a1, a2, a3, a4] = cmd.args;
  const host = textArg(a0, profile.maxLogin);
  const port = intInRange(a1, 1, 65535);
  const user = textArg(a2, profile.maxLogin);
  const password = textArg(a3, profile.maxLogin);
  const serverType = a4 === undefined ? 3 : intInRange(a4, 0, 3);
  if (cmd.form !== 'write' || cmd.args.length < 4 || cmd.args.length > 5 || !host || port === undefined) return out.error();
  if (user === undefined || password === undefined || serverType === undefined) return out.error();
  if (!session.started || session.login !== 'out' || session.busy !== undefined) return out.error();
  // The host took the bearer down after START (AT+CGACT=0,1): no network [I].
  if (!ctx.bearer.isActive()) return (out.ok(), out.urc(`+CFTPSLOGIN: ${CftpsCode.network}`));
  const trust = ssl.trust();
  const ca = trust.ca ?? options.tls?.ca;
  const connect: FtpConnectOptions = {
    host,
    port,
    user,
    password,
    tls: TLS_BY_SERVER_TYPE[serverType] ?? false,
    mode: session.mode === 1 ? 'passive' : 'active',
    type: 'binary',
    timeoutSeconds: options.timing?.serverTimeoutSeconds ?? 60,
    ...(ca !== undefined ? { ca } : {}),
    verifyCertificate: trust.verify,
  };
  return ctx.runSessionOp('+CFTPSLOGIN', { phase: 'login' }, async () => {
    const epoch = session.epoch;
    await session.backend.connect(connect);
    // A restart while logging in leaves no session behind.
    if (session.epoch !== epoch) await session.backend.close();
    else Object.assign(session, { login: 'in', tls: connect.tls });
    return String(CftpsCode.ok);
  });
}
