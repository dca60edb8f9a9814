/**
 * Uploads from the serial port (A-MAN §17.2.14, A-AN §3.1.2, S-MAN §12.2.15):
 * `AT+CFTPSPUT="<file>"[,<data_len>[,<rest_size>]]`. The module opens the
 * data connection (STOR, REST first when `<rest_size>` > 0), then prompts `>`.
 * With `<data_len>` 1–2048 it takes exactly that many bytes; without it (or 0,
 * M-MAN) the ETX/SUB-escaped stream up to a bare SUB. Then `OK`, and
 * `+CFTPSPUT: 0` once the server confirmed. A failure before the prompt is
 * `+CFTPSPUT: <err>` + `ERROR`; after it, `OK` + `+CFTPSPUT: <err>`.
 */
import { UnstuffStream } from '@cellftp/core';
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { ByteQueue } from '../common/byte-queue.js';
import type { CftpsContext } from './context.js';
import { dataTlsRefusal, MAX_REST } from './get.js';

/** Largest prompted block (A-MAN: `<data_len>` 1–2048). */
export const MAX_BLOCK = 2048;

export function putCommand(ctx: CftpsContext): CommandHandler {
  const { core, session, profile } = ctx;
  const out = core.out;
  return (cmd: AtCommand) => {
    if (cmd.form === 'test') return out.ok();
    const file = textArg(cmd.args[0], profile.maxPath);
    const length = cmd.args.length > 1 ? intInRange(cmd.args[1], 0, MAX_BLOCK) : 0;
    const startAt = cmd.args.length > 2 ? intInRange(cmd.args[2], 0, MAX_REST) : 0;
    if (cmd.form !== 'write' || !file || length === undefined || startAt === undefined || cmd.args.length > 3) return out.error();
    if (!session.admit('+CFTPSPUT')) return;
    const refusal = dataTlsRefusal(ctx);
    if (refusal !== undefined) return out.respond([`+CFTPSPUT: ${refusal}`], 'ERROR');
    session.busy = '+CFTPSPUT';
    const epoch = session.epoch;
    return new Promise<void>((resolve) => {
      let prompted = false;
      const queue = new ByteQueue(() => {
        if (session.epoch !== epoch) return;
        prompted = true;
        // A-AN prints `>` with the data right after it; variant `prompt-space` is MBED's `> `.
        out.raw(ctx.variant('prompt-space') ? '\r\n> ' : '\r\n>');
        core.enterRaw(length > 0 ? block(length) : stream());
      });
      const handle = session.backend.upload(file, queue, { mode: 'store', startAt });
      session.transfer = handle;
      const shape = { phase: 'transfer', moved: () => queue.pushed } as const;
      let dataEnded: () => void = () => undefined;
      const ended = new Promise<void>((r) => (dataEnded = r));
      const finish = (): void => {
        queue.end();
        core.exitRaw();
        // After a restart or a network loss the result has been said (or the module forgot the upload).
        if (session.epoch === epoch) out.ok();
        dataEnded();
        resolve();
      };
      const block = (want: number) => (chunk: Uint8Array): number => {
        const take = Math.min(chunk.length, want - queue.pushed);
        queue.push(chunk.subarray(0, take));
        if (queue.pushed === want) finish();
        return take;
      };
      const stream = () => {
        // The unlimited stream: ETX (0x03) escapes, a bare SUB (0x1A) ends it (A-MAN §17.2.14).
        const decoder = new UnstuffStream(0x03, 0x1a);
        return (chunk: Uint8Array): number => {
          const piece = decoder.push(chunk);
          queue.push(piece.data);
          if (piece.ended) finish();
          return piece.used;
        };
      };
      handle.done.then(
        async () => {
          await ended;
          if (session.epoch !== epoch) return;
          session.busy = undefined;
          session.transfer = undefined;
          out.urc('+CFTPSPUT: 0');
        },
        async (err: unknown) => {
          if (session.epoch !== epoch) return resolve();
          const code = session.codeFor(err, shape);
          if (!prompted) {
            session.busy = undefined;
            session.transfer = undefined;
            out.respond([`+CFTPSPUT: ${code}`], 'ERROR');
            return resolve();
          }
          // The host is still sending: the module takes the rest, then reports.
          await ended;
          session.busy = undefined;
          session.transfer = undefined;
          out.urc(`+CFTPSPUT: ${code}`);
        },
      );
    });
  };
}
