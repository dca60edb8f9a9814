import { lengthAnnouncedBy, urcFields, type PayloadSink } from '@cellftp/core';
import { EXT_BLOCK, EXT_RAM_LIMIT, parseSessionUrc, sessionUrc } from '../commands.js';
import { simcomError } from '../codes.js';
import type { FtpRunner } from '../session/runner.js';
import { checkAborted, quitSession } from './abort.js';

const DOWNLOAD_ERROR = 79;

/** Where and how much to fetch. */
export interface ExtgetPlan {
  startAt: number;
  /** File size from AT+FTPSIZE, when the server gave a readable one. */
  size: number | undefined;
  signal: AbortSignal | undefined;
  onBytes: (n: number) => void;
}

/**
 * `AT+FTPEXTGET` (AT manual V1.05 §15.2.23, S-FTPAN V1.02 §2.2.3, §5.13): the
 * module downloads into its RAM (`+FTPEXTGET: 1,0`), then
 * `AT+FTPEXTGET=3,<pos>,<len>` dumps it in large length-framed blocks. RAM
 * holds 300k at most, so a larger file is fetched in rounds, each starting at
 * its offset with AT+FTPREST (§15.2.6). A round that hits the limit may end
 * with 79 (what the virtual module does; real firmware is [NF]): accepted when
 * the file size says more was to come.
 */
export async function extgetDownload(runner: FtpRunner, sink: PayloadSink, plan: ExtgetPlan): Promise<number> {
  let offset = plan.startAt;
  let total = 0;
  const counting: PayloadSink = (chunk) => {
    total += chunk.length;
    plan.onBytes(chunk.length);
    return sink(chunk);
  };
  try {
    for (;;) {
      const remaining = plan.size === undefined ? Number.POSITIVE_INFINITY : plan.size - offset;
      if (remaining <= 0) break;
      checkAborted(plan.signal, 'AT+FTPEXTGET=1');
      await runner.set('FTPREST', offset);
      if (offset > 0) runner.forget('FTPREST');
      const code = await fetchRound(runner, plan.signal);
      const cached = await cachedLength(runner);
      // Without a size, only a full RAM says "there is more".
      const full = plan.size === undefined ? cached >= EXT_RAM_LIMIT : cached > 0;
      if (code !== 0 && !(code === DOWNLOAD_ERROR && remaining > EXT_RAM_LIMIT && full)) {
        throw simcomError(code, 'AT+FTPEXTGET=1', { missingMeansNotFound: true });
      }
      const take = Math.min(cached, remaining);
      for (let pos = 0; pos < take; pos += EXT_BLOCK) {
        checkAborted(plan.signal, 'AT+FTPEXTGET=3');
        const len = Math.min(EXT_BLOCK, take - pos);
        await runner.run({
          text: `AT+FTPEXTGET=3,${pos},${len}`,
          timeoutMs: runner.timeoutMs,
          incoming: { dataAfter: lengthAnnouncedBy('+FTPEXTGET: 3,', 1), sink: counting, maxLength: EXT_RAM_LIMIT },
        });
      }
      offset += take;
      if (code === 0 || take === 0) break;
    }
    return total;
  } finally {
    // Mode 0 clears the RAM cache and restores plain FTPGET (§15.2.23).
    await runner.run({ text: 'AT+FTPEXTGET=0', timeoutMs: 5000 }).catch(() => undefined);
  }
}

/** One `AT+FTPEXTGET=1` round; returns its result code (after waiting out a masking 66). */
async function fetchRound(runner: FtpRunner, signal: AbortSignal | undefined): Promise<number> {
  const command = 'AT+FTPEXTGET=1';
  await runner.ensureIdle();
  for (let attempt = 0; ; attempt++) {
    const results = runner.engine.urcQueue(sessionUrc('FTPEXTGET'));
    try {
      await runner.run({ text: command, timeoutMs: 10_000 });
      let line: string;
      try {
        line = await results.next({ timeoutMs: runner.timeoutMs, signal, label: command });
      } catch (error) {
        if (signal?.aborted) throw await quitSession(runner, results, command);
        runner.dirty = true;
        throw error;
      }
      const { code } = parseSessionUrc(line);
      if (await runner.busyRetry(code, attempt)) continue;
      return code;
    } finally {
      results.close();
    }
  }
}

/** `AT+FTPEXTGET?` → `+FTPEXTGET: <mode>,<length>`: bytes now in the RAM cache. */
async function cachedLength(runner: FtpRunner): Promise<number> {
  const res = await runner.run({ text: 'AT+FTPEXTGET?', claims: [/^\+FTPEXTGET: ?\d+,\d+$/], timeoutMs: 5000 });
  return Number(urcFields(res.lines[0] ?? '')[1] ?? 0) || 0;
}
