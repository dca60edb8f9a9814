/**
 * Downloads and listings to the serial port (A-MAN §17.2.5, §17.2.13; S-MAN
 * §12.2.5/14): `OK`, then data frames (see frames.ts), then `+CFTPSGET: 0` /
 * `+CFTPSLIST: 0`, or `+CFTPSGET: <err>` after whatever data already came.
 * `<rest_size>` is REST before RETR. SIM7600's `<using_cache>` 1 is cache.ts.
 */
import { intInRange, textArg } from '../common/at-parse.js';
import { seededRandom } from '../common/prng.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { CftpsContext } from './context.js';
import { FrameWriter } from './frames.js';
import { startCachedGet } from './cache.js';
import { CftpsCode } from './codes.js';

/** REST offsets the manuals allow (0–2147483647). */
export const MAX_REST = 2147483647;

/** A frame writer for `prefix`, with seeded sizes under the field behaviours. */
export function framesFor(ctx: CftpsContext, prefix: string, header = (n: number) => `${prefix}: DATA,${n}`): FrameWriter {
  const max = ctx.options.timing?.frameBytes ?? ctx.profile.frameBytes;
  const epoch = ctx.session.epoch;
  const live = (): boolean => ctx.session.epoch === epoch;
  const field = ctx.options.field;
  if (!field) return new FrameWriter(ctx.core.out, header, max, live);
  // Field behaviour: frames follow the TCP segments the module got, so their sizes vary.
  const random = seededRandom(field.seed ^ 0x5eed);
  return new FrameWriter(ctx.core.out, header, max, live, (m) => Math.max(1, Math.ceil(m * (0.25 + 0.75 * random()))));
}

/**
 * Variant `data-ssl-unbound` (A7670E, LilyGo-Modem-Series #320): over FTPS the data connection fails
 * unless `AT+CFTPSSLCFG=1,<ctx>` bound the data session: implicit 14, explicit 1 (SSL alert).
 */
export function dataTlsRefusal(ctx: CftpsContext): number | undefined {
  const { session, ssl } = ctx;
  if (!ctx.variant('data-ssl-unbound') || session.tls === false || ssl.dataBound) return undefined;
  return session.tls === 'implicit' ? CftpsCode.socketConnect : CftpsCode.sslAlert;
}

export function transferCommands(ctx: CftpsContext): Record<string, CommandHandler> {
  const { core, session, profile } = ctx;
  const out = core.out;
  return {
    '+CFTPSGET': (cmd) => {
      if (cmd.form === 'test') return out.ok();
      const file = textArg(cmd.args[0], profile.maxPath);
      const startAt = cmd.args.length > 1 ? intInRange(cmd.args[1], 0, MAX_REST) : 0;
      // The third argument: SIM7600 `<using_cache>`; variant `get-range`: the length SIMCom's own tool asks for.
      const ranged = ctx.variant('get-range');
      const third = cmd.args.length > 2 ? intInRange(cmd.args[2], ranged ? 1 : 0, ranged ? MAX_REST : 1) : 0;
      const arity = profile.cache || ranged ? 3 : 2;
      if (cmd.form !== 'write' || !file || startAt === undefined || third === undefined || cmd.args.length > arity) return out.error();
      if (!session.admit('+CFTPSGET')) return;
      const refusal = dataTlsRefusal(ctx);
      if (refusal !== undefined) return (out.ok(), out.urc(`+CFTPSGET: ${refusal}`));
      if (profile.cache && third === 1) return startCachedGet(ctx, file, startAt);
      const frames = framesFor(ctx, '+CFTPSGET');
      const range = ranged && cmd.args.length > 2 ? { maxBytes: third } : {};
      session.run('+CFTPSGET', { phase: 'transfer', namesExisting: true, moved: () => frames.sent }, async () => {
        const handle = session.backend.download(file, (chunk) => frames.write(chunk), { startAt, ...range });
        session.transfer = handle;
        await handle.done;
        return '0';
      });
    },
    '+CFTPSLIST': (cmd) => {
      if (cmd.form === 'test') return out.ok();
      const dir = cmd.form === 'write' ? textArg(cmd.args[0], profile.maxPath) : profile.listArgOptional && cmd.form === 'exec' ? '' : undefined;
      if (dir === undefined || cmd.args.length > 1) return out.error();
      if (!session.admit('+CFTPSLIST')) return;
      const refusal = dataTlsRefusal(ctx);
      if (refusal !== undefined) return (out.ok(), out.urc(`+CFTPSLIST: ${refusal}`));
      const frames = framesFor(ctx, '+CFTPSLIST');
      session.run('+CFTPSLIST', { phase: 'transfer', namesExisting: true }, async () => {
        await frames.write(await session.backend.list(dir));
        return '0';
      });
    },
  };
}
