import { urcFields, type ByteSource } from '@cellftp/core';
import { parseSessionUrc, PUT_FALLBACK_MAX, PUT_MAX } from '../commands.js';
import { simcomError } from '../codes.js';
import type { FtpRunner } from '../session/runner.js';
import { quitSession } from './abort.js';
import { sessionResults } from './session-results.js';

/**
 * `AT+FTPPUT=1` then `AT+FTPPUT=2,<n>` (AT manual V1.05 §15.2.15, S-FTPAN
 * §5.2/5.6): each `+FTPPUT: 1,1,<maxlength>` URC allows one write of at most
 * that many bytes (re-read every time, VENDOR-FACTS A.9.3); the module
 * confirms `+FTPPUT: 2,<cnflength>` and takes exactly that many raw bytes.
 * `AT+FTPPUT=2,0` ends the file; `+FTPPUT: 1,0` confirms it.
 */
export async function chunkedUpload(runner: FtpRunner, source: ByteSource, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<number> {
  const open = 'AT+FTPPUT=1';
  await runner.ensureIdle();
  await runner.set('FTPEXTPUT', 0);
  let held: Uint8Array = new Uint8Array(0);
  let total = 0;
  for (let attempt = 0; ; attempt++) {
    const results = sessionResults(runner, 'FTPPUT', open, signal);
    const { urcs } = results;
    const next = async (): Promise<{ code: number; max: number }> => {
      const line = await results.next();
      const { code } = parseSessionUrc(line);
      const max = Number(urcFields(line)[2] ?? PUT_FALLBACK_MAX);
      return { code, max: Number.isSafeInteger(max) && max > 0 ? Math.min(max, PUT_MAX) : PUT_FALLBACK_MAX };
    };
    try {
      await runner.run({ text: open, timeoutMs: 10_000 });
      let ready = await next();
      if (ready.code !== 1 && (await runner.busyRetry(ready.code, attempt))) continue;
      while (ready.code === 1) {
        if (signal?.aborted) throw await quitSession(runner, urcs, open);
        const chunk = held.length > 0 ? held.subarray(0, ready.max) : await source.read(ready.max);
        held = held.length > 0 ? held.subarray(chunk.length) : held;
        if (chunk.length === 0) {
          await runner.run({ text: 'AT+FTPPUT=2,0', timeoutMs: 10_000 });
          ready = await next();
          break;
        }
        let confirmed = 0;
        await runner.run({
          text: `AT+FTPPUT=2,${chunk.length}`,
          timeoutMs: runner.timeoutMs,
          outgoing: {
            on: /^\+FTPPUT: ?2,\d+$/,
            data: (trigger) => {
              confirmed = Math.min(chunk.length, Number(urcFields(trigger)[1]) || 0);
              // Whatever the module did not confirm goes into the next write.
              held = joinBytes(chunk.subarray(confirmed), held);
              return chunk.subarray(0, confirmed);
            },
          },
        });
        total += confirmed;
        onBytes(confirmed);
        ready = await next();
      }
      if (ready.code !== 0) throw simcomError(ready.code, open);
      return total;
    } finally {
      urcs.close();
    }
  }
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
