import { AtCommandError, lengthAnnouncedBy, type PayloadSink } from '@cellftp/core';
import { parseSessionUrc, READ_MAX } from '../commands.js';
import { simcomError } from '../codes.js';
import type { FtpRunner } from '../session/runner.js';
import { quitSession } from './abort.js';
import { sessionResults } from './session-results.js';

/** Options of {@link pullSession}. */
export interface PullOptions {
  signal?: AbortSignal | undefined;
  onBytes?: (count: number) => void;
  /** Error 77 means the file/directory does not exist. */
  missingMeansNotFound?: boolean;
}

/**
 * The `AT+FTPGET` / `AT+FTPLIST` pull loop (AT manual V1.05 §15.2.14/22,
 * S-FTPAN §5.1): `=1` opens the session; each `+…: 1,1` URC says data waits,
 * `=2,<≤1460>` takes it, announced as `+…: 2,<n>` and read by exactly that
 * length (never scanned for `OK`, VENDOR-FACTS A.9.6); `2,0` just means "not
 * yet" (A.9.2); `+…: 1,0` ends it. URCs are queued from before `=1`, so none
 * is lost between two reads (A.9.1: never read before a `1,1`).
 */
export async function pullSession(runner: FtpRunner, kind: 'FTPGET' | 'FTPLIST', sink: PayloadSink, options: PullOptions = {}): Promise<number> {
  const { timeoutMs } = runner;
  const open = `AT+${kind}=1`;
  await runner.ensureIdle();
  for (let attempt = 0; ; attempt++) {
    const results = sessionResults(runner, kind, open, options.signal);
    const { urcs } = results;
    const next = async (): Promise<number> => parseSessionUrc(await results.next()).code;
    try {
      await runner.run({ text: open, timeoutMs: 10_000 });
      let code = await next();
      if (code !== 0 && code !== 1) {
        if (await runner.busyRetry(code, attempt)) continue;
        throw simcomError(code, open, options);
      }
      let total = 0;
      const counting: PayloadSink = (chunk) => {
        total += chunk.length;
        options.onBytes?.(chunk.length);
        return sink(chunk);
      };
      while (code === 1) {
        if (options.signal?.aborted) throw await quitSession(runner, urcs, open);
        const read = `AT+${kind}=2,${READ_MAX}`;
        let got: number;
        try {
          const res = await runner.run({ text: read, timeoutMs, incoming: { dataAfter: lengthAnnouncedBy(`+${kind}: 2,`, 1), sink: counting } });
          got = res.payloadBytes;
        } catch (error) {
          // ERROR here: the session ended between two reads (its `1,0` or `1,<err>` is queued).
          if (!(error instanceof AtCommandError)) throw error;
          got = 0;
        }
        // A short read emptied the module's buffer: wait until it says more data (or the end) is there.
        if (got < READ_MAX) code = await next();
      }
      if (code !== 0) throw simcomError(code, open, options);
      return total;
    } finally {
      urcs.close();
    }
  }
}
