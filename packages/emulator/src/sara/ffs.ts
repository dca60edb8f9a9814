/**
 * File-system commands (R4-MAN ch. 16, digest §5.1, §7): `AT+ULSTFILE`
 * (0 names, 1 free space, 2 size), `AT+UDELFILE`, `AT+URDFILE`,
 * `AT+URDBLOCK` (the payload starts inside the response line, right after
 * the third quote, and is exactly `<size>` bytes), and `AT+UDWNFILE`
 * (`>`, exactly `<size>` bytes, `OK`; appends to an existing file; free
 * space checked first; `FFS TIMEOUT` after 20 s without data).
 */
import { intInRange, textArg, type AtArg } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { cmeText, type SaraContext } from './context.js';

/** Longest file name (R4-MAN §16: 248 characters). */
export const MAX_NAME = 248;
/** `+UDWNFILE` gives up after this long without data (R4-MAN §16.2). */
export const FFS_TIMEOUT_MS = 20_000;

const header = (cmd: string, name: string, n: number): Buffer => Buffer.from(`\r\n${cmd}: "${name}",${n},"`, 'latin1');
const TAIL = Buffer.from('"\r\n', 'latin1');

export function ffsCommands(ctx: SaraContext): Record<string, CommandHandler> {
  const { core, fs } = ctx;
  const out = core.out;
  const name = (arg: AtArg | undefined): string | undefined => {
    const text = textArg(arg, MAX_NAME);
    return text === undefined || text === '' ? undefined : text;
  };
  const bad = (): void => out.cmeError(50);
  /** A response line with a length-framed payload, then `OK`. */
  const payload = (cmd: string, file: string, data: Buffer): void => {
    out.frameRaw(Buffer.concat([header(cmd, file, data.length), data, TAIL]));
    out.ok();
  };
  return {
    '+ULSTFILE': (cmd) => {
      if (cmd.form === 'test') return out.respond(['+ULSTFILE: (0-2)']);
      const op = cmd.form === 'exec' ? 0 : intInRange(cmd.args[0], 0, 2);
      if (op === undefined || cmd.form === 'read') return bad();
      if (op === 0) return out.respond([`+ULSTFILE: ${fs.names().map((n) => `"${n}"`).join(',')}`]);
      if (op === 1) return out.respond([`+ULSTFILE: ${fs.free()}`]);
      const file = name(cmd.args[1]);
      if (file === undefined) return bad();
      const data = fs.get(file);
      if (!data) return cmeText(ctx, 'FILE NOT FOUND');
      out.respond([`+ULSTFILE: ${data.length}`]);
    },
    '+UDELFILE': (cmd) => {
      const file = name(cmd.args[0]);
      if (cmd.form !== 'write' || file === undefined || cmd.args.length > 2) return bad();
      if (!fs.delete(file)) return cmeText(ctx, 'FILE NOT FOUND');
      out.ok();
    },
    '+URDFILE': (cmd) => {
      const file = name(cmd.args[0]);
      if (cmd.form !== 'write' || file === undefined || cmd.args.length > 2) return bad();
      const data = fs.get(file);
      if (!data) return cmeText(ctx, 'FILE NOT FOUND');
      payload('+URDFILE', file, data);
    },
    '+URDBLOCK': (cmd) => {
      const file = name(cmd.args[0]);
      const offset = intInRange(cmd.args[1], 0, 0x7fffffff);
      const size = intInRange(cmd.args[2], 1, 0x7fffffff);
      if (cmd.form !== 'write' || file === undefined || offset === undefined || size === undefined || cmd.args.length > 3) return bad();
      const data = fs.get(file);
      if (!data) return cmeText(ctx, 'FILE NOT FOUND');
      if (offset >= data.length) return cmeText(ctx, 'FFS file range');
      // A size beyond the end returns what remains; the header says how much (R4-MAN §16.5).
      payload('+URDBLOCK', file, data.subarray(offset, offset + size));
    },
    '+UDWNFILE': (cmd) => {
      const file = name(cmd.args[0]);
      const size = intInRange(cmd.args[1], 1, 0x7fffffff);
      const tag = cmd.args[2] === undefined ? 'USER' : textArg(cmd.args[2], 16);
      if (cmd.form !== 'write' || file === undefined || size === undefined || tag === undefined || cmd.args.length > 3) return bad();
      if (size > fs.free()) return cmeText(ctx, 'NOT ENOUGH FREE SPACE');
      return download(ctx, file, size);
    },
  };
}

/** The `+UDWNFILE` data phase: holds the command queue until the bytes came or the timeout hit. */
function download(ctx: SaraContext, file: string, size: number): Promise<void> {
  const { core, fs } = ctx;
  const out = core.out;
  return new Promise<void>((resolve) => {
    const parts: Buffer[] = [];
    let got = 0;
    let timer: unknown;
    const done = (): void => {
      if (timer !== undefined) core.clock.clearTimeout(timer);
      ctx.cancels.delete(done);
      resolve();
    };
    ctx.cancels.add(done);
    const arm = (): void => {
      if (timer !== undefined) core.clock.clearTimeout(timer);
      timer = core.clock.setTimeout(() => {
        // [I]: what came before the timeout is not written.
        core.exitRaw();
        cmeText(ctx, 'FFS TIMEOUT');
        done();
      }, FFS_TIMEOUT_MS);
    };
    // [I]: the prompt framed like the other vendors' (`CR LF >`); R4-MAN's example shows `>`.
    out.raw('\r\n>');
    arm();
    core.enterRaw((chunk) => {
      const take = Math.min(chunk.length, size - got);
      parts.push(Buffer.from(chunk.subarray(0, take)));
      got += take;
      arm();
      if (got === size) {
        core.exitRaw();
        fs.append(file, Buffer.concat(parts));
        out.ok();
        done();
      }
      return take;
    });
  });
}
