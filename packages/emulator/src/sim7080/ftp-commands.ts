/** The AT+FTP* commands of AT manual V1.05 chapter 15: the parameter table and the operation flows. */
import { intInRange } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { Sim7080Context } from './context.js';
import { EtGetSession, EtPutSession } from './et-sessions.js';
import { Cme, FtpCode } from './errors.js';
import type { ExtState } from './ext.js';
import { formatParam, parseParam, PARAMS, type ParamName } from './params.js';
import { PUT_REQUEST_MAX, PutSession } from './put-session.js';
import { ReadSession } from './read-session.js';
import { SIMPLE_KINDS, startSimple } from './simple-ops.js';

/** `<reqlength>` range of FTPGET=2 / FTPLIST=2 (test form `(1-1460)`). */
const READ_MAX = 1460;

/** Every `AT+FTP*` handler of the model. */
export function ftpCommands(ctx: Sim7080Context, ext: ExtState): Record<string, CommandHandler> {
  const { out } = ctx;
  const bad = (): void => out.cmeError(Cme.parameter);
  const refuse = (): void => out.cmeError(Cme.notAllowed);
  const table: Record<string, CommandHandler> = {};
  for (const name of Object.keys(PARAMS) as ParamName[]) {
    table[name] = ({ form, args }) => {
      if (form === 'test') return out.respond([`${name}: ${PARAMS[name].test}`]);
      if (form === 'read') return out.respond([`${name}: ${formatParam(name, ctx.params[name])}`]);
      const value = form === 'write' ? parseParam(name, args) : undefined;
      if (value === undefined) return bad();
      (ctx.params as Record<string, number | string>)[name] = value;
      out.ok();
    };
  }
  const reader = (name: string, kind: 'get' | 'list'): CommandHandler => ({ form, args }) => {
    if (form === 'test') return out.respond([`${name}: (1,2),(1-${READ_MAX})`]);
    const mode = intInRange(args[0], 1, 2);
    if (form !== 'write' || mode === undefined || args.length !== mode) return bad();
    // An empty FTPGETNAME is "operation not allowed" (S-FTPAN §5.5); FTPLIST works on FTPGETPATH.
    if (mode === 1) return new ReadSession(ctx, kind).launch(kind === 'list' || ctx.params['+FTPGETNAME'] !== '');
    const length = intInRange(args[1], 1, READ_MAX);
    if (length === undefined) return bad();
    if (ctx.op instanceof ReadSession && ctx.op.kind === kind) ctx.op.read(length);
    else refuse();
  };
  table['+FTPGET'] = reader('+FTPGET', 'get');
  table['+FTPLIST'] = reader('+FTPLIST', 'list');
  table['+FTPPUT'] = ({ form, args }) => {
    if (form === 'test') return out.respond([`+FTPPUT: (1,2),${PUT_REQUEST_MAX},(1-${PUT_REQUEST_MAX})`]);
    const mode = intInRange(args[0], 1, 2);
    if (form !== 'write' || mode === undefined || args.length !== mode) return bad();
    if (mode === 1) return ext.putMode === 1 ? ext.startExtendedPut() : new PutSession(ctx).launch(ctx.params['+FTPPUTNAME'] !== '');
    const length = intInRange(args[1], 0, PUT_REQUEST_MAX);
    if (length === undefined) return bad();
    if (ctx.op instanceof PutSession) ctx.op.write(length);
    else refuse();
  };
  table['+FTPETPUT'] = ({ form, args }) => {
    if (form === 'test') return out.respond(['+FTPETPUT: (1,2)']);
    const mode = intInRange(args[0], 1, 2);
    if (form !== 'write' || mode === undefined || args.length !== 1) return bad();
    if (mode === 1) new EtPutSession(ctx).launch(ctx.params['+FTPPUTNAME'] !== '');
    else if (ctx.op instanceof EtPutSession) ctx.op.stream();
    else refuse();
  };
  table['+FTPETGET'] = ({ form, args }) => {
    if (form === 'test') return out.respond(['+FTPETGET: 1']);
    if (form !== 'write' || args.length !== 1 || intInRange(args[0], 1, 1) === undefined) return bad();
    new EtGetSession(ctx).launch(ctx.params['+FTPGETNAME'] !== '');
  };
  table['+FTPEXTPUT'] = (cmd) => ext.ftpextput(cmd);
  table['+FTPEXTGET'] = (cmd) => ext.ftpextget(cmd);
  table['+FTPTOFSST'] = (cmd) => ext.ftptofsst(cmd);
  table['+FTPSTATE'] = ({ form }) => {
    if (form === 'test') return out.respond(['+FTPSTATE: (0,1)']);
    if (form !== 'exec') return bad();
    out.respond([`+FTPSTATE: ${ctx.op ? 1 : 0}`]);
  };
  table['+FTPQUIT'] = ({ form }) => {
    if (form === 'test') return out.ok();
    // "AT+FTPQUIT=1 → ERROR" (§15.2.26 example); idle → ERROR.
    const op = ctx.op;
    if (form !== 'exec' || !op) return refuse();
    out.ok();
    op.fail(FtpCode.manualQuit);
  };
  table['+FTPSSL'] = (cmd) => ctx.ssl.ftpssl(cmd, out);
  for (const kind of SIMPLE_KINDS) {
    table[`+FTP${kind.toUpperCase()}`] = ({ form, args }) => {
      if (form === 'test') return out.ok();
      // The V1.01 note writes `AT+FTPDELE=1`; the manual's execution form has no argument. Both are accepted.
      if (form === 'exec' || (form === 'write' && args.length === 1 && args[0]?.text === '1')) return startSimple(ctx, kind);
      bad();
    };
  }
  return table;
}
