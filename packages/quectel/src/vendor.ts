import { z } from 'zod';
import {
  AtCommandError,
  FtpError,
  RESTART_LOSSES,
  type BusyRule,
  type LossRule,
  type ModemIdentity,
  type OperationRunner,
  type VendorLimits,
  type VendorRules,
} from '@cellftp/core';
import { commands, FTP_STAT } from './commands.js';
import { profileOf } from './profiles.js';
import { CONTROL_GONE, QUECTEL_CODES, SESSION_MAY_BE_GONE } from './codes.js';

/**
 * The Quectel vendor table: which modules, which strategies, which lines end
 * a session, what "busy" means, the limits and the timings. Flows read it;
 * the kit executes it.
 */

/** Quectel modules whose family has a profile (EC2x, BG96, BG95/BG77: profiles.ts). */
export const identifies = (id: ModemIdentity): boolean => profileOf(id) !== undefined;

/**
 * Every transfer strategy any Quectel profile has, default first: `com` is
 * chosen by the benchmark (bench/quectel.bench.ts). A firmware that refuses
 * `"COM:"` ranges falls back to the module-file strategies its profile has.
 */
export const STRATEGIES = ['com', 'ufs', 'ram'] as const;
export type QuectelStrategy = (typeof STRATEGIES)[number];

/**
 * The firmware does not have a command (a strategy's `"COM:"` form, a
 * spelling): a bare `ERROR`, or `+CME ERROR: 4` "operation not supported".
 * Not the server's 502/504 (Quectel 622/624): that is one server's answer,
 * and remembering it as the modem's would refuse the strategy everywhere.
 */
export const firmwareRefused = (error: unknown): boolean =>
  (error instanceof AtCommandError && error.final === 'ERROR') || (error instanceof FtpError && error.vendorCode === 4 && error.serverReply === undefined);

/** Spellings the AN and the AT manual disagree on (README, known disagreements), tried in order. */
export const SPELLINGS = { rename: ['QFTPRENAME', 'QFTPNAME'], nlst: ['QFTPNLST', 'QFTPNLIST'] } as const;

/** A restart, a power-down, or the data context going (`+QIURC: "pdpdeact",<id>`, TCP/IP AN) ends the FTP session. */
export const LOSSES: readonly LossRule[] = [
  ...RESTART_LOSSES,
  {
    match: /^\+QIURC:\s*"pdpdeact"\s*,\s*(\d+)/,
    code: 'NETWORK',
    reason: (m) => `PDP context ${m[1]} was deactivated`,
    context: (m) => Number(m[1]),
  },
];

/** AN §2.3–2.15: `<path_name>`/`<file_name>` at most 255 bytes. */
export const LIMITS: VendorLimits = { maxPathBytes: 255, maxNameBytes: 255 };

/** Byte counts up to the engine's default bound on one exact-length payload. */
const chunkBytes = z.number().int('must be 1–16777216').min(1, 'must be 1–16777216').max(16 * 1024 * 1024, 'must be 1–16777216');
/** Bounds of `quectel()` options: SSL contexts 0–5 (SSL AN), module file names of at most 80 bytes (FILE AN). */
export const DRIVER_OPTIONS = z.object({
  urcPort: z.enum(['usbat', 'usbmodem', 'uart1']).optional(),
  sslContextId: z.number().int('must be 0–5').min(0, 'must be 0–5').max(5, 'must be 0–5').default(1),
  caCert: z.string().max(80, 'must be a module file name of at most 80 bytes').regex(/^[^"\r\n\0;]*$/, 'must be a module file name of at most 80 bytes').optional(),
  // A PEM bundle is a few KiB; UFS holds far more, but a megabyte "CA" is a mistake worth naming.
  ca: z.union([z.string().min(1, 'must not be empty'), z.instanceof(Uint8Array).refine((b) => b.length > 0, 'must not be empty')])
    .refine((ca) => ca.length <= 64 * 1024, 'must be a PEM of at most 64 KiB')
    .optional(),
  downloadChunkBytes: chunkBytes.optional(),
  uploadChunkBytes: chunkBytes.optional(),
});

export const TIMINGS = {
  /** Local commands (configuration, file system, state) the module answers at once. */
  localMs: 3000,
  fileMs: 5000,
  /** ATS12 default (50 × 20 ms, AN §1.4): host silence before and after `+++`. */
  guardMs: 1000,
  /**
   * The facts of a ranged `COM:` download. A broken data connection ends the
   * range early with `OK` and `+QFTPGET: <err>,…` inside the exact-length
   * payload (B.9 #3): the engine holds back the longest such trailer
   * (`\r\nOK\r\n\r\n+QFTPGET: 631,553\r\n` plus slack) and believes it after
   * 150 ms of silence. Up to three unsolicited lines may follow it inside that
   * window (`+QIND: SMS DONE`, `+CEREG: …`): they are part of the trailer, or the
   * trailer would slide out of the held tail into the file and the resume
   * offset would count it. `+++` after the guard time (plus slack for timer
   * jitter) aborts the range (field report, reference README): `OK`, then
   * `+QFTPGET: 616,…`.
   */
  range: {
    // eslint-disable-next-line no-control-regex
    trailer: { pattern: /\r\nOK\r\n(?:\r\n)?(\+QFTPGET: ?[1-9]\d* ?, ?\d+)\r\n(?:(?:\r\n)?[^\r\n]{1,80}\r\n){0,3}$/, maxBytes: 48 + 3 * 84, quietMs: 150 },
    abort: { escape: { bytes: '+++', guardMs: 1050 } },
  },
  /** Ranged `QFTPGET`s asked again after a data connection failed behind a preliminary 150 (`627,150`). */
  dataRetries: 2,
  /** Pause between `AT+QFTPSTAT` polls while the module ends a session. */
  pollMs: 200,
  /**
   * Bytes per ranged `QFTPGET`. Each range's data connection is cut at its end
   * with up to a TCP window in flight (cellular bytes thrown away), so ranges
   * are long and an abort escapes mid-range with `+++`. Measured
   * (bench/memory.bench.ts, 30 MiB at 3 Mbaud): 33.3 MiB RSS added with ~1 MiB
   * ranges, 16.4 MiB with 16 MiB; efficiency 0.985 → 0.995 at 115200. 16 MiB
   * is also the engine's default bound on one exact-length payload.
   */
  downloadRangeBytes: 16 * 1024 * 1024,
  /** `AT+QFREAD` and `AT+QFUPL` pieces. */
  readChunkBytes: 64 * 1024,
  feedChunkBytes: 16 * 1024,
  /**
   * `QFTPPUT` packets sized to about `targetMs` of measured line time
   * (bench/quectel.bench.ts, 20 ms latency): 1 s chunks gave 0.91, fixed 64 KiB
   * 0.96 but 5.7 s chunks at 115200; 3 s keeps the per-chunk overhead near 1 %
   * at any baud rate while an abort still lands within a few seconds.
   */
  uploadChunks: { targetMs: 3000, initial: 32 * 1024, min: 4 * 1024, max: 1024 * 1024 },
} as const;

/** `rsptimeout` is whole seconds in 20–180 (AN §2.1). */
export function rspTimeoutSeconds(timeoutMs: number): number {
  return Math.min(180, Math.max(20, Math.ceil(timeoutMs / 1000)));
}

/**
 * How long the host waits for one operation's result. From 20 s up the module
 * reports its own 609 at `rsptimeout`, so the host waits a little longer to
 * receive it; below the module's 20 s floor the caller's timeout is enforced
 * by the host itself (the module may then stay busy, which the busy rule of
 * the next operation absorbs).
 */
export function hostWaitMs(timeoutMs: number): number {
  return timeoutMs < 20_000 ? timeoutMs : rspTimeoutSeconds(timeoutMs) * 1000 + 5000;
}

/** `AT+QFTPSTAT` → `<ftpstat>` (AN §2.17; the §3.6 example prints the line before `OK`, the table after: both accepted). */
export async function queryStat(runner: OperationRunner, signal?: AbortSignal): Promise<number> {
  const wait = Math.min(TIMINGS.fileMs, runner.timeoutMs);
  runner.lastStateCommand = commands.stat.text;
  const res = await runner.engine.run(
    { text: commands.stat.text, timeoutMs: wait, resultUrc: { match: commands.stat.result.any, timeoutMs: wait } },
    signal ? { signal } : {},
  );
  const parsed = commands.stat.result.parse(res.resultUrc ?? '');
  if (!parsed.ok) throw QUECTEL_CODES.error(parsed.vendorCode, { command: res.command });
  return Number(parsed.values[0]);
}

/** Asks the module whether the session survived a failure, and records it if not; never throws. */
export async function refreshState(runner: OperationRunner): Promise<number | undefined> {
  const stat = await queryStat(runner).catch(() => undefined);
  if (stat === FTP_STAT.closed) runner.session.markClosed('the module reports the FTP session closed');
  return stat;
}

/**
 * `+CME ERROR: 603` "busy" comes after a failed data connection, and until
 * `+QFTPCLOSE:` after a logout (VENDOR-FACTS README): back off, ask
 * `AT+QFTPSTAT`, retry while the session exists, within one response timeout.
 */
function busyRule(budgetMs: number): BusyRule {
  return {
    codes: new Set([603]),
    async state(runner, signal) {
      const stat = await queryStat(runner, signal);
      return stat === FTP_STAT.closed ? 'closed' : stat === FTP_STAT.idle ? 'idle' : 'busy';
    },
    budgetMs,
    backoffMs: (attempt) => Math.min(100 * 2 ** attempt, 1000),
    pollMs: () => TIMINGS.pollMs,
    retryWhenIdle: true,
    checkAfterInterrupt: false,
  };
}

/**
 * After errors that can end the session, `AT+QFTPSTAT` tells whether they
 * did. The module may still call the session open for a moment after the
 * server hung up (606, 614, a 421 reply), and a transfer whose result never
 * came keeps the module busy (603 to everything): that session is ended so
 * it is honestly closed rather than open and unusable.
 */
async function afterFailure(error: FtpError, runner: OperationRunner): Promise<void> {
  const timeout = error.code === 'TIMEOUT';
  if (!timeout && !SESSION_MAY_BE_GONE.has(error.vendorCode ?? 0)) return;
  const stat = await refreshState(runner);
  if (CONTROL_GONE.has(error.vendorCode ?? 0) || error.serverReply === 421) runner.session.markClosed('the server closed the control connection');
  if (timeout && stat === FTP_STAT.transferring) {
    const wait = Math.min(TIMINGS.fileMs, runner.timeoutMs);
    await runner.engine
      .run({ text: commands.close.text, timeoutMs: wait, resultUrc: { match: commands.close.result.any, timeoutMs: wait } })
      .catch(() => undefined);
    runner.session.markClosed('a transfer did not end on the module; the driver closed the session');
  }
}

/** What the kit's runner executes for Quectel, with the session's response timeout as the busy budget. */
export function quectelRules(budgetMs: number): VendorRules {
  return { codes: QUECTEL_CODES, busy: busyRule(budgetMs), afterFailure };
}
