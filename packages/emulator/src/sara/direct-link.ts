/**
 * Direct link (SARA-R5; digest §5.2, §7; IADG §9.1): `AT+UFTPC=6,"<remote>"[,<offset>]`
 * (REST before RETR) → `CONNECT` → the raw file bytes, no framing; the
 * module stays in direct link until the host's `+++` (S12 guard times),
 * then `DISCONNECT`, `OK`, `+UUFTPCR: 6,1`; a `+++` before the end aborts
 * (`+UUFTPCR: 6,0`, `+UFTPER: 1,40`). Variant `direct-auto-exit`: the module
 * leaves by itself at the end of the file (R4-MAN §20.2.3 op 6 text).
 * `AT+UFTPC=7,"<remote>"[,<offset>]` (REST before STOR) → `CONNECT` → bytes →
 * ≥ 2 s pause → `+++` → `DISCONNECT`, `OK`, `+UUFTPCR: 7,1`. A failure
 * before `CONNECT` is `OK` then `+UUFTPCR: <op>,0` [I], like every `+UFTPC`.
 */
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import { EscapeDetector } from '../common/escape.js';
import { ByteQueue } from '../common/byte-queue.js';
import { LineFeeder } from '../ec25/line-feeder.js';
import type { SaraContext } from './context.js';
import { FtpClass, FtpCode, SaraFtpError } from './errors.js';
import { checkDataMode, MAX_REMOTE } from './data-mode.js';

/**
 * The host's pause before `+++` ending a direct-link upload (R4-MAN op 7, IADG §9.1.3: "wait at least 2 s").
 */
export const STORE_PAUSE_MS = 2000;
/**
 * After a +++ with every received byte already on the line, how long the module waits for the server's end of
 * the transfer before it aborts [I].
 */
export const ESCAPE_GRACE_MS = 1000;

export function directLinkCommand(ctx: SaraContext): (op: 6 | 7, cmd: AtCommand) => void | Promise<void> {
  const { ftp } = ctx;
  return (op, cmd) => {
    if (!ftp.admit(op)) return;
    const remote = textArg(cmd.args[1], MAX_REMOTE);
    const offset = cmd.args[2] === undefined ? 0 : intInRange(cmd.args[2], 0, 0x7fffffff);
    if (remote === undefined || remote === '') return ftp.fail(op, { cls: FtpClass.protocol, code: FtpCode.fileMissing });
    if (offset === undefined || cmd.args.length > 3) return ftp.fail(op, { cls: FtpClass.protocol, code: FtpCode.wrongParameter });
    try {
      checkDataMode(ctx);
    } catch (err) {
      return ftp.fail(op, (err as SaraFtpError).pair);
    }
    return op === 6 ? retrieve(ctx, remote, offset) : store(ctx, remote, offset);
  };
}

/** The guard time of `+++` (ATS12 in 1/50 s). */
const guardOf = (ctx: SaraContext): number => ctx.s12 * 20;

/** `CONNECT`, and no field line may land in the data that follows. */
function connectLine(ctx: SaraContext): void {
  ctx.core.out.line('CONNECT');
  ctx.core.out.payloadFollows();
}

/** Leaves direct link: `DISCONNECT`, `OK`, `+UUFTPCR: <op>,<1|0>`. */
function disconnect(ctx: SaraContext, op: number, ok: boolean): void {
  ctx.core.exitRaw();
  ctx.core.out.line('DISCONNECT');
  ctx.core.out.ok();
  ctx.ftp.result(op, ok);
}

function retrieve(ctx: SaraContext, remote: string, offset: number): Promise<void> {
  const { core, ftp } = ctx;
  let connected = false;
  const connect = (): void => {
    if (connected) return;
    connected = true;
    connectLine(ctx);
  };
  const feeder = new LineFeeder(core.out, connect);
  let received = 0;
  const handle = ftp.backend.download(remote, (chunk) => {
    received += chunk.length;
    return feeder.write(chunk);
  }, { startAt: offset });
  ftp.transfer = handle;
  const outcome = ftp.settle(6, { target: 'file', moved: () => feeder.sent }, async () => {
    await handle.done;
    await feeder.drained();
  });
  return new Promise<void>((resolve) => {
    /** The transfer's outcome once it ended; `undefined` while it runs. */
    let ended: boolean | undefined;
    let left = false;
    let escaped = false;
    let aborted = false;
    const leave = (ok: boolean): void => {
      if (left) return;
      left = true;
      escape.stop();
      ctx.cancels.delete(cancel);
      disconnect(ctx, 6, ok);
      resolve();
    };
    const cancel = (): void => {
      left = true;
      escape.stop();
      feeder.stop();
      handle.abort();
      resolve();
    };
    ctx.cancels.add(cancel);
    const escape = new EscapeDetector({
      guardMs: guardOf(ctx),
      lastByteAt: core.lastHostByteAt,
      clock: core.clock,
      onData: () => undefined,
      onEscape: () => {
        escaped = true;
        if (ended !== undefined) return leave(ended);
        const abort = (): void => {
          if (ended !== undefined) return;
          // +++ before the end aborts the retrieval (IADG §9.1.2): the FTP exchange is finished first.
          aborted = true;
          feeder.stop();
          handle.abort();
        };
        // Data still waiting for the line: the host escaped before the end.
        if (received > feeder.sent) return abort();
        // Everything received is on the line: the server may be closing the exchange ("+++ may take up to 10
        // s").
        const grace = core.clock.setTimeout(abort, ESCAPE_GRACE_MS);
        void outcome.then(() => core.clock.clearTimeout(grace));
      },
    });
    core.enterRaw((chunk) => {
      escape.push(chunk);
      return chunk.length;
    });
    void outcome.then((ok) => {
      if (left) return;
      if (!connected && !ok) {
        escape.stop();
        core.exitRaw();
        ctx.cancels.delete(cancel);
        left = true;
        core.out.ok();
        ftp.result(6, false);
        return resolve();
      }
      connect();
      ended = ok;
      // Aborted with bytes not yet on the line: a failure even if the server had sent everything.
      if (aborted) ftp.lastError = { cls: FtpClass.protocol, code: FtpCode.aborted };
      if (ctx.variant('direct-auto-exit') || escaped) leave(ok && !aborted);
    });
  });
}

function store(ctx: SaraContext, remote: string, offset: number): Promise<void> {
  const { core, ftp } = ctx;
  let connected = false;
  const escape = new EscapeDetector({
    guardMs: guardOf(ctx),
    quietBeforeMs: Math.max(STORE_PAUSE_MS, guardOf(ctx)),
    clock: core.clock,
    onData: (bytes) => queue.push(bytes),
    onEscape: () => onEscape(),
  });
  let onEscape = (): void => undefined;
  const queue = new ByteQueue(() => {
    connected = true;
    connectLine(ctx);
    core.enterRaw((chunk) => {
      escape.push(chunk);
      return chunk.length;
    });
  });
  const handle = ftp.backend.upload(remote, queue, { mode: 'store', startAt: offset });
  ftp.transfer = handle;
  const outcome = ftp.settle(7, { target: 'other', moved: () => queue.pushed }, () => handle.done.then(() => undefined));
  return new Promise<void>((resolve) => {
    let left = false;
    const cancel = (): void => {
      left = true;
      escape.stop();
      queue.end();
      handle.abort();
      resolve();
    };
    ctx.cancels.add(cancel);
    const leave = (ok: boolean): void => {
      if (left) return;
      left = true;
      ctx.cancels.delete(cancel);
      disconnect(ctx, 7, ok);
      resolve();
    };
    onEscape = () => {
      // The data ends with the escape: the module closes the data connection, then reports.
      queue.end();
      void outcome.then(leave);
    };
    void outcome.then((ok) => {
      if (left || connected) return;
      left = true;
      escape.stop();
      ctx.cancels.delete(cancel);
      core.out.ok();
      ftp.result(7, false);
      resolve();
    });
  });
}
