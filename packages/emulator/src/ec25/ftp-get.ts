import { intArg, type AtCommand } from '../common/at-parse.js';
import { EscapeDetector } from '../common/escape.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { Ec25Context } from './context.js';
import { parseLocalName } from './storage.js';

/** `"COM:"` (the AN's §3.6 example also types `"COM: "`, so spaces are ignored). */
export function isCom(text: string | undefined): boolean {
  return (text ?? '').trim().toUpperCase() === 'COM:';
}

/**
 * AT+QFTPGET (AN §2.6). To `COM:`: `CONNECT`, the bytes, `OK`, then
 * `+QFTPGET: 0,<transferlen>` (B.9 #3 order). `+++` aborts (field report).
 * To a local file: `OK`, then the URC.
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
    if (!isCom(local)) {
      const name = parseLocalName(local);
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

/** Bytes handed to the line at a time in data mode. */
const UART_SLICE = 1024;

function downloadToCom(ctx: Ec25Context, file: string, startAt: number, maxBytes: number | undefined): Promise<void> {
  const { core, session } = ctx;
  const out = core.out;
  session.busy = true;
  session.transferLen = 0;
  let connected = false;
  let aborted = false;
  let settled = false;
  const connect = (): void => {
    if (connected) return;
    connected = true;
    out.line('CONNECT');
  };
  const handle = session.backend.download(file, async (chunk) => {
    // Small slices, each waiting for the (paced) line: like a module's small UART
    // buffer, so a +++ abort takes effect within one slice's line time.
    for (let i = 0; i < chunk.length && !aborted && !settled; i += UART_SLICE) {
      connect();
      const part = chunk.subarray(i, i + UART_SLICE);
      out.raw(part);
      session.transferLen += part.length;
      await out.flushed();
    }
  }, { startAt, ...(maxBytes !== undefined ? { maxBytes } : {}) });
  return new Promise<void>((resolve) => {
    const escape = new EscapeDetector(ctx.s12 * 20, () => undefined, () => {
      // +++ during a COM: download aborts it (field report, VENDOR-FACTS README):
      // the module answers OK at once; the rest of the file is drained behind the scenes (busy → 603).
      aborted = true;
      handle.abort();
      core.exitRaw();
      out.ok();
      out.urc(`+QFTPGET: 616,0`);
      resolve();
    });
    core.enterRaw((chunk) => {
      escape.push(chunk);
      return chunk.length;
    });
    handle.done.then(
      (n) => {
        settled = true;
        escape.stop();
        session.busy = false;
        if (aborted) return;
        core.exitRaw();
        connect();
        out.ok();
        out.urc(`+QFTPGET: 0,${n}`);
        resolve();
      },
      (err: unknown) => {
        settled = true;
        escape.stop();
        session.busy = false;
        if (aborted) return;
        core.exitRaw();
        const codes = session.codesFor(err, session.transferLen);
        // After CONNECT the module leaves data mode with OK before the result URC; before it, only the URC.
        if (connected) out.ok();
        out.urc(`+QFTPGET: ${codes.join(',')}`);
        resolve();
      },
    );
  });
}
