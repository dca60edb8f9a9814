import { etxAfter, type PayloadSink } from '@cellftp/core';
import { parseSessionUrc } from '../commands.js';
import { MANUAL_QUIT, simcomError } from '../codes.js';
import type { FtpRunner } from '../session/runner.js';
import { abortedError } from './abort.js';

const OPEN = /^\+FTPETGET: ?1,1$/;
/** The closing result: `+FTPETGET: 1,<error>` with any code but the opening 1. */
const CLOSE = /^\+FTPETGET: ?1,(?!1$)\d+$/;
const ENCODER = new TextEncoder();

/**
 * `AT+FTPETGET=1` (AT manual V1.05 §15.2.25, S-FTPAN §5.15): after `OK` and
 * `+FTPETGET: 1,1` the module streams the whole file in data mode, 0x03 and
 * 0x10 each preceded by DLE, ends it with a bare ETX, then prints
 * `+FTPETGET: 1,<error>`. The tokenizer's `etx` mode takes the stream, so
 * payload that looks like `OK` or a URC is never read as text. The command
 * owns the stream although it is announced after `OK`: the engine keeps data
 * phases open while a declared result URC is pending.
 *
 * Abort: the command is not given the signal (the engine would drop the
 * stream's ownership mid-flight); instead the outgoing hook writes
 * `AT+FTPQUIT` into the running stream (the module still reads commands
 * then), the module closes the stream with ETX and reports 80.
 */
export async function etgetDownload(runner: FtpRunner, sink: PayloadSink, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<number> {
  const command = 'AT+FTPETGET=1';
  await runner.ensureIdle();
  for (let attempt = 0; ; attempt++) {
    let total = 0;
    const counting: PayloadSink = (chunk) => {
      if (signal?.aborted) return undefined;
      total += chunk.length;
      onBytes(chunk.length);
      return sink(chunk);
    };
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    async function* quitOnAbort(): AsyncGenerator<Uint8Array> {
      if (!signal) return;
      if (!signal.aborted) {
        await Promise.race([done, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
      }
      if (signal.aborted) yield ENCODER.encode('AT+FTPQUIT\r');
    }
    try {
      const res = await runner.run({
        text: command,
        timeoutMs: runner.timeoutMs,
        incoming: { dataAfter: etxAfter(OPEN), sink: counting },
        outgoing: { on: OPEN, data: () => quitOnAbort() },
        resultUrc: { match: (line) => CLOSE.test(line), timeoutMs: runner.timeoutMs },
      });
      const { code } = parseSessionUrc(res.resultUrc ?? '');
      if (signal?.aborted) {
        // If the file ended before AT+FTPQUIT arrived, its ERROR answer is still on the way: let a bare AT absorb it.
        await runner.run({ text: 'AT', timeoutMs: 2000 }).catch(() => undefined);
        throw abortedError(command);
      }
      if (code === MANUAL_QUIT) throw abortedError(command);
      if (code === 0) return total;
      if (await runner.busyRetry(code, attempt)) continue;
      throw simcomError(code, command, { missingMeansNotFound: true });
    } finally {
      finished();
    }
  }
}
