import { intArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { ByteQueue } from '../common/byte-queue.js';
import type { Ec25Context } from './context.js';
import type { PendingPut } from './ftp-session.js';
import { escapeMode, isCom } from './ftp-get.js';
import { misCasedDrive } from './storage.js';

/**
 * AT+QFTPPUT (AN §2.5). From `COM:`: `CONNECT`, host bytes until `+++` (with guard times) or until
 * `<uploadlen>`, then `OK` and `+QFTPPUT: 0,<transferlen>`. `<beof>` 0 keeps the data connection open for the
 * next packet at the following `<startpos>` (B.9 #2). `<startpos>` > 0 is REST+STOR. From a local file: `OK`,
 * then the URC.
 */
export function qftpput(ctx: Ec25Context): CommandHandler {
  const { core, session } = ctx;
  const out = core.out;
  return (cmd: AtCommand) => {
    if (cmd.form === 'test') return out.respond(['+QFTPPUT: <file_name>,<local_name>,<startpos>,<uploadlen>,<beof>']);
    const file = cmd.args[0]?.text;
    const local = cmd.args[1]?.text;
    const startPos = cmd.args.length > 2 ? intArg(cmd.args[2]) : 0;
    const hasLen = cmd.args.length > 3;
    const uploadLen = hasLen ? intArg(cmd.args[3]) : undefined;
    const beof = hasLen ? intArg(cmd.args[4]) : undefined;
    if (cmd.form !== 'write' || !file || file.length > 255 || local === undefined || startPos === undefined || startPos < 0) return out.cmeError(610);
    if (hasLen && (!isCom(local) || uploadLen === undefined || uploadLen < 1 || (beof !== 0 && beof !== 1))) return out.cmeError(610);
    const pending = session.pendingPut;
    if (pending) {
      // The next packet of an upload left open with <beof> 0 (same file, consecutive <startpos>).
      if (!hasLen || pending.file !== file || pending.position !== startPos) return out.cmeError(612);
      return packet(ctx, pending, uploadLen as number, beof === 1, true);
    }
    if (!session.admit(out)) return;
    if (misCasedDrive(local)) return out.cmeError(613);
    if (!isCom(local)) {
      const name = ctx.store.parse(local);
      const data = name ? ctx.store.get(name) : undefined;
      if (!data) return out.cmeError(611);
      if (startPos > data.length) return out.cmeError(612);
      session.transferLen = 0;
      return session.runAsync(out, '+QFTPPUT', async () => {
        const body = data.subarray(startPos);
        const n = await session.backend.upload(file, (async function* one() { yield body; })(), { mode: 'store', startAt: startPos }).done;
        session.transferLen = n;
        return `0,${n}`;
      });
    }
    return startComUpload(ctx, file, startPos, hasLen ? { length: uploadLen as number, last: beof === 1 } : undefined);
  };
}

function startComUpload(ctx: Ec25Context, file: string, startPos: number, framed: { length: number; last: boolean } | undefined): Promise<void> {
  const { core, session } = ctx;
  const out = core.out;
  session.busy = true;
  session.transferLen = 0;
  return new Promise<void>((resolve) => {
    const queue = new ByteQueue(() => {
      // The data connection is open and the server took STOR: the module says CONNECT.
      out.line('CONNECT');
      if (framed) {
        session.pendingPut = put;
        void packet(ctx, put, framed.length, framed.last, false).then(resolve);
      } else void untilEscape(ctx, queue, handle.done).then(resolve);
    });
    const handle = session.backend.upload(file, queue, { mode: 'store', startAt: startPos });
    const put: PendingPut = { file, queue, handle, position: startPos, failed: false };
    handle.done.then(
      (n) => {
        session.busy = false;
        session.transferLen = n;
      },
      (err: unknown) => {
        // The data connection failed, during a packet or between packets: the module reports it with the
        // result URC and the upload is over (AN §2.5 <err>,<protocol_error>).
        session.busy = false;
        put.failed = true;
        if (session.pendingPut === put) session.pendingPut = undefined;
        if (!framed || put.interrupt) core.exitRaw();
        out.urc(`+QFTPPUT: ${session.codesFor(err, queue.pushed).join(',')}`);
        put.interrupt?.();
        resolve();
      },
    );
  });
}

/**
 * Unframed upload: payload until a guarded `+++`; `OK` answers the `+++`, the URC follows the server's
 * confirmation (B.9 #1).
 */
function untilEscape(ctx: Ec25Context, queue: ByteQueue, done: Promise<number>): Promise<void> {
  const { core } = ctx;
  const out = core.out;
  return new Promise((resolve) => {
    escapeMode(ctx, (b) => queue.push(b), () => {
      core.exitRaw();
      queue.end();
      out.ok();
      done.then((n) => out.urc(`+QFTPPUT: 0,${n}`), () => undefined).finally(resolve);
    });
  });
}

/**
 * One `<uploadlen>` packet into the open upload. The module leaves data mode by itself after `<uploadlen>`
 * bytes; with `last` (<beof> 1) the file is closed and the URC waits for the server's confirmation. If the
 * upload fails meanwhile, `put.interrupt` ends the packet (the failure URC is sent by startComUpload) so that
 * the command queue moves on.
 */
function packet(ctx: Ec25Context, put: PendingPut, length: number, last: boolean, printConnect: boolean): Promise<void> {
  const { core, session } = ctx;
  const out = core.out;
  if (put.failed) return Promise.resolve(out.cmeError(603));
  if (printConnect) out.line('CONNECT');
  return new Promise<void>((resolve) => {
    let received = 0;
    let settled = false;
    const settle = (): void => {
      settled = true;
      put.interrupt = undefined;
      resolve();
    };
    put.interrupt = settle;
    const finish = async (): Promise<void> => {
      core.exitRaw();
      put.position += length;
      if (last) {
        put.queue.end();
        session.pendingPut = undefined;
        await put.handle.done.catch(() => undefined);
      } else {
        await put.queue.drained();
      }
      if (settled) return;
      if (!put.failed) {
        out.ok();
        out.urc(`+QFTPPUT: 0,${received}`);
      }
      settle();
    };
    core.enterRaw((chunk) => {
      const take = Math.min(chunk.length, length - received);
      put.queue.push(chunk.subarray(0, take));
      received += take;
      if (received >= length) void finish();
      return take;
    });
  });
}
