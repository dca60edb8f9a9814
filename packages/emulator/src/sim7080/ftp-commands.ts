/** Dispatch of the AT+FTP* commands of AT manual V1.05 chapter 15 to the parameter table and the operation flows. */
import { intInRange, type AtCommand } from '../common/at-parse.js';
import type { Sim7080Context } from './context.js';
import { EtGetSession, EtPutSession } from './et-sessions.js';
import { Cme, FtpCode } from './errors.js';
import type { ExtState } from './ext.js';
import { formatParam, isParamName, parseParam, PARAMS } from './params.js';
import { PUT_REQUEST_MAX, PutSession } from './put-session.js';
import { ReadSession } from './read-session.js';
import { isSimpleKind, SIMPLE_KINDS, startSimple } from './simple-ops.js';

/** `<reqlength>` range of FTPGET=2 / FTPLIST=2 (test form `(1-1460)`). */
const READ_MAX = 1460;

/** Every command name {@link ftpCommand} answers. */
export const FTP_COMMANDS: readonly string[] = [
  ...Object.keys(PARAMS),
  ...['GET', 'LIST', 'PUT', 'ETPUT', 'ETGET', 'EXTPUT', 'EXTGET', 'TOFSST', 'STATE', 'QUIT', 'SSL'].map((n) => `+FTP${n}`),
  ...SIMPLE_KINDS.map((k) => `+FTP${k.toUpperCase()}`),
];

/** Handles `cmd` when it is an FTP command; false otherwise. */
export function ftpCommand(cmd: AtCommand, ctx: Sim7080Context, ext: ExtState): boolean {
  const { out } = ctx;
  const { name, form, args } = cmd;
  if (isParamName(name)) {
    if (form === 'test') out.line(`${name}: ${PARAMS[name].test}`);
    else if (form === 'read') out.line(`${name}: ${formatParam(name, ctx.params[name])}`);
    else if (form === 'write') {
      const value = parseParam(name, args);
      if (value === undefined) return (out.cmeError(Cme.parameter), true);
      (ctx.params as Record<string, number | string>)[name] = value;
    } else return (out.cmeError(Cme.parameter), true);
    out.ok();
    return true;
  }
  const mode = intInRange(args[0], 1, 2);
  switch (name) {
    case '+FTPGET':
    case '+FTPLIST': {
      const kind = name === '+FTPGET' ? 'get' : 'list';
      if (form === 'test') return (out.line(`${name}: (1,2),(1-${READ_MAX})`), out.ok(), true);
      if (form !== 'write' || mode === undefined) return (out.cmeError(Cme.parameter), true);
      if (mode === 1) {
        if (args.length !== 1) return (out.cmeError(Cme.parameter), true);
        // An empty FTPGETNAME is "operation not allowed" (S-FTPAN §5.5); FTPLIST works on FTPGETPATH.
        new ReadSession(ctx, kind).launch(kind === 'list' || ctx.params['+FTPGETNAME'] !== '');
        return true;
      }
      const length = intInRange(args[1], 1, READ_MAX);
      if (args.length !== 2 || length === undefined) return (out.cmeError(Cme.parameter), true);
      const op = ctx.op;
      if (op instanceof ReadSession && op.kind === kind) op.read(length);
      else out.cmeError(Cme.notAllowed);
      return true;
    }
    case '+FTPPUT': {
      if (form === 'test') return (out.line(`+FTPPUT: (1,2),${PUT_REQUEST_MAX},(1-${PUT_REQUEST_MAX})`), out.ok(), true);
      if (form !== 'write' || mode === undefined) return (out.cmeError(Cme.parameter), true);
      if (mode === 1) {
        if (args.length !== 1) return (out.cmeError(Cme.parameter), true);
        if (ext.putMode === 1) ext.startExtendedPut();
        else new PutSession(ctx).launch(ctx.params['+FTPPUTNAME'] !== '');
        return true;
      }
      const length = intInRange(args[1], 0, PUT_REQUEST_MAX);
      if (args.length !== 2 || length === undefined) return (out.cmeError(Cme.parameter), true);
      const op = ctx.op;
      if (op instanceof PutSession) op.write(length);
      else out.cmeError(Cme.notAllowed);
      return true;
    }
    case '+FTPETPUT': {
      if (form === 'test') return (out.line('+FTPETPUT: (1,2)'), out.ok(), true);
      if (form !== 'write' || mode === undefined || args.length !== 1) return (out.cmeError(Cme.parameter), true);
      const op = ctx.op;
      if (mode === 1) new EtPutSession(ctx).launch(ctx.params['+FTPPUTNAME'] !== '');
      else if (op instanceof EtPutSession) op.stream();
      else out.cmeError(Cme.notAllowed);
      return true;
    }
    case '+FTPETGET': {
      if (form === 'test') return (out.line('+FTPETGET: 1'), out.ok(), true);
      if (form !== 'write' || args.length !== 1 || intInRange(args[0], 1, 1) === undefined) return (out.cmeError(Cme.parameter), true);
      new EtGetSession(ctx).launch(ctx.params['+FTPGETNAME'] !== '');
      return true;
    }
    case '+FTPEXTPUT':
      return (ext.ftpextput(cmd), true);
    case '+FTPEXTGET':
      return (ext.ftpextget(cmd), true);
    case '+FTPTOFSST':
      return (ext.ftptofsst(cmd), true);
    case '+FTPSTATE':
      if (form === 'test') return (out.line('+FTPSTATE: (0,1)'), out.ok(), true);
      if (form !== 'exec') return (out.cmeError(Cme.parameter), true);
      return (out.line(`+FTPSTATE: ${ctx.op ? 1 : 0}`), out.ok(), true);
    case '+FTPQUIT': {
      if (form === 'test') return (out.ok(), true);
      // "AT+FTPQUIT=1 → ERROR" (§15.2.26 example); idle → ERROR.
      const op = ctx.op;
      if (form !== 'exec' || !op) return (out.cmeError(Cme.notAllowed), true);
      out.ok();
      op.fail(FtpCode.manualQuit);
      return true;
    }
    case '+FTPSSL':
      return (ctx.ssl.ftpssl(cmd, out), true);
  }
  const kind = name.startsWith('+FTP') ? name.slice(4).toLowerCase() : '';
  if (!isSimpleKind(kind)) return false;
  if (form === 'test') return (out.ok(), true);
  // The V1.01 note writes `AT+FTPDELE=1`; the manual's execution form has no argument. Both are accepted.
  if (form === 'exec' || (form === 'write' && args.length === 1 && args[0]?.text === '1')) {
    startSimple(ctx, kind);
    return true;
  }
  out.cmeError(Cme.parameter);
  return true;
}
