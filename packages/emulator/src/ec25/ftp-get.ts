import { intArg, type AtCommand } from '../common/at-parse.js';
import { EscapeDetector } from '../common/escape.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { Ec25Context } from './context.js';
import { LineFeeder } from './line-feeder.js';
import { misCasedDrive } from './storage.js';

/** `"COM:"` (the AN's §3.6 example also types `"COM: "`, so spaces are ignored). */
export function isCom(text: string | undefined): boolean {
  return (text ?? '').trim().toUpperCase() === 'COM:';
}

/** Data mode until a guarded `+++` (ATS12 guard times, AN §1.4): host bytes go to `onData`. */
export function escapeMode(ctx: Ec25Context, onData: (bytes: Uint8Array) => void, onEscape: () => void): EscapeDetector {
  const { core } = ctx;
  const escape = new EscapeDetector({ guardMs: ctx.s12 * 20, lastByteAt: core.lastHostByteAt, clock: core.clock, onData, onEscape });
  core.enterRaw((chunk) => (escape.push(chunk), chunk.length));
  return escape;
}

/**
 * AT+QFTPGET (AN §2.6). To `COM:`: `CONNECT`, the bytes, `OK`, then `+QFTPGET: 0,<transferlen>` (B.9 #3
 * order). `+++` aborts (field report). To a local file: `OK`, then the URC.
 */
export function qftpget(ctx: Ec25Context): CommandHandler {
  const { core, session } = ctx;
  const out = core.out;
  return (cmd: AtCommand) => {
    if (cmd.form === 'test') return out.respond(['+QFTPGET: <file_name>,<local_name>,<startpos>,<downloadlen>']);
    const file = cmd.args[0]?.text;
    const local = cmd.args[1]?.text ?? 'COM:';
    const startAt = cmd.args.length > 2 ? intArg(cmd.args[2]) : 0;
    const maxBytes = cmd.args.length > 3 ? intArg(cmd.args[3]) : undefined;
    if (cmd.form !== 'write' || !file || file.length > 255 || startAt === undefined || startAt < 0) return out.cmeError(610);
    if (cmd.args.length > 3 && (maxBytes === undefined || maxBytes < 1 || !isCom(local))) return out.cmeError(610);
    if (!session.admit(out)) return;
    if (misCasedDrive(local)) return out.cmeError(613);
    // Field report (EC25/EP06): a file that exists comes back 627,150 once on a flaky data path.
    if (ctx.options.variants?.has('get-150-once') && !session.flaky.has(file)) {
      session.flaky.add(file);
      return out.urc('+QFTPGET: 627,150');
    }
    if (!isCom(local)) {
      const name = ctx.store.parse(local);
      if (!name) return out.cmeError(610);
      session.transferLen = 0;
      return session.runAsync(out, '+QFTPGET', async () => {
        const chunks: Buffer[] = [];
        const n = await session.backend.download(file, (c) => {
          chunks.push(Buffer.from(c));
          session.transferLen += c.length;
        }, { startAt }).done;
        if (!ctx.store.put(name, Buffer.concat(chunks))) return '613,0';
        return `0,${n}`;
      });
    }
    return downloadToCom(ctx, file, startAt, maxBytes);
  };
}

function downloadToCom(ctx: Ec25Context, file: string, startAt: number, maxBytes: number | undefined): Promise<void> {
  const { core, session } = ctx;
  const out = core.out;
  session.busy = true;
  session.transferLen = 0;
  let connected = false;
  let aborted = false;
  const connect = (): void => {
    if (connected) return;
    connected = true;
    out.line('CONNECT');
  };
  const feeder = new LineFeeder(out, connect);
  // The backend stops after <downloadlen> bytes by closing the data connection (no draining).
  const handle = session.backend.download(file, (chunk) => feeder.write(chunk), { startAt, maxBytes });
  return new Promise<void>((resolve) => {
    // +++ during a COM: download aborts it (field report, VENDOR-FACTS README): the module answers OK at
    // once; FTP commands answer 603 until the server has answered the abort.
    const escape = escapeMode(ctx, () => undefined, () => {
      aborted = true;
      feeder.stop();
      handle.abort();
      core.exitRaw();
      out.ok();
      out.urc(`+QFTPGET: 616,0`);
      resolve();
    });
    const end = (tail: () => void): void => {
      session.transferLen = feeder.sent;
      escape.stop();
      session.busy = false;
      if (aborted) return;
      core.exitRaw();
      tail();
      resolve();
    };
    handle.done.then(
      async () => {
        await feeder.drained();
        end(() => {
          connect();
          out.ok();
          out.urc(`+QFTPGET: 0,${feeder.sent}`);
        });
      },
      async (err: unknown) => {
        // What arrived before the failure is still delivered, then data mode ends.
        await feeder.drained();
        end(() => {
          const codes = session.codesFor(err, feeder.sent);
          // After CONNECT the module leaves data mode with OK before the result URC; before it, only the URC.
          if (connected) out.ok();
          out.urc(`+QFTPGET: ${codes.join(',')}`);
        });
      },
    );
  });
}
