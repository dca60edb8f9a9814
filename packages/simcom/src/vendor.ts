/**
 * Everything that makes a module a SIM7070/7080/7090 to the kit, in one
 * table: identification, strategies, loss lines, the busy rule, limits and
 * timings. Flows read it; nothing here runs on its own.
 */
import { AtCommandError, atSafeText, RESTART_LOSSES, strategyTable, type BusyRule, type LossRule } from '@cellftp/core';
import { z } from 'zod';
import { FTP_QUIT, FTP_STATE, ftpStateBusy } from './commands.js';
import { NOT_ALLOWED } from './codes.js';

/** `SIMCOM_Ltd`, `SIMCOM INCORPORATED` … with a SIM7070/7080/7090 model, by CGMI/CGMM (ATI prints only a revision, VENDOR-FACTS A.8). */
export const IDENTITY = { manufacturer: /SIMCOM/i, model: /SIM70[789]0/i } as const;

/**
 * Download strategies, default first (pick one with `modem.ftp({ downloadStrategy })`):
 * - `etget`: AT+FTPETGET, one transparent ETX/DLE stream (§15.2.25). Default: it measured best
 *   (virtual SIM7080G, 20 ms latency: 0.985 of line rate at 115200 for 256 KiB, 0.981 at 921600 for 2 MiB).
 * - `extget`: AT+FTPEXTGET into module RAM, read out in 64 KiB blocks; rounds of 300k with FTPREST
 *   (0.983 / 0.917: the module first fetches each round before the UART can start).
 * - `chunked`: AT+FTPGET=2 pulls of ≤ 1460 bytes, one round trip each (0.796 / 0.398).
 * A firmware that answers ERROR to a strategy's command gets the next one.
 */
export const DOWNLOADS = strategyTable(['etget', 'extget', 'chunked'] as const);
/**
 * Upload strategies, default first (pick one with `modem.ftp({ uploadStrategy })`):
 * - `etput`: AT+FTPETPUT, one DLE-stuffed stream ended by ETX (§15.2.24). Default: measured
 *   0.982 at 115200 and 0.984 at 921600 (random data; stuffing costs ~0.8 % on such data, more
 *   on data full of 0x03/0x10).
 * - `extput`: AT+FTPEXTPUT staging in 64 KiB blocks, AT+FTPPUT=1 per 300k round, then "APPE"
 *   (0.984 / 0.916: the module uploads each round before taking the next).
 * - `chunked`: AT+FTPPUT=2 writes of the announced `<maxlength>` (1360), one round trip each (0.738 / 0.356).
 */
export const UPLOADS = strategyTable(['etput', 'extput', 'chunked'] as const);
export const DOWNLOAD_STRATEGIES = DOWNLOADS.names;
export const UPLOAD_STRATEGIES = UPLOADS.names;
export type SimcomDownloadStrategy = (typeof DOWNLOAD_STRATEGIES)[number];
export type SimcomUploadStrategy = (typeof UPLOAD_STRATEGIES)[number];

/** Restart and power-down lines, and the APP bearer's deactivation (§7.2.1). */
export const LOSSES: readonly LossRule[] = [
  ...RESTART_LOSSES,
  {
    match: /^\+APP PDP:\s*(\d),DEACTIVE/,
    code: 'NETWORK',
    reason: (m) => `bearer ${m[1]} was deactivated (+APP PDP: ${m[1]},DEACTIVE)`,
    context: (m) => Number(m[1]),
  },
];

/** Documented lengths (§15.2.7–15.2.13). */
export const LIMITS = { server: 49, user: 49, password: 49, name: 64, path: 255, fsName: 50 } as const;

/**
 * What SIMCom adds to core's checks of `modem.ftp()` options: FTPSERV, FTPUN
 * and FTPPW take at most 49 characters (AT manual V1.05 §15.2.7–15.2.9).
 * Strategies are checked by their tables (`vendor.ts`).
 */
export const simcomFtpSchema = z.object({
  host: atSafeText('host', LIMITS.server),
  user: atSafeText('user', LIMITS.user),
  password: atSafeText('password', LIMITS.password),
});

/** Options of `simcom()`, checked when the driver is created. */
export const driverOptionsSchema = z.object({
  ca: z.union([z.string().min(1), z.instanceof(Uint8Array)]).optional(),
  caName: atSafeText('caName', LIMITS.fsName).min(1).optional(),
  sslContext: z.number().int().min(0).max(5).optional(),
});

export const TIMINGS = {
  /** How long the module may take to end after AT+FTPQUIT (its `1,80`). */
  quitResultMs: 10_000,
  /** AT+FTPSTATE polling while an earlier operation finishes. */
  statePollMs: 100,
} as const;

/**
 * SIMCom's answer to 66: ask AT+FTPSTATE; while an earlier operation runs
 * wait for it (AT+FTPQUIT once it outlives the budget), then retry once. A 66
 * while idle is a real "operation not allowed" (e.g. no server set). After a
 * timeout or abort the next operation asks first, so it never earns a 66
 * (VENDOR-FACTS A.9.5).
 */
export function busyRule(budgetMs: number): BusyRule {
  return {
    codes: new Set([NOT_ALLOWED]),
    async state(runner, signal) {
      runner.lastStateCommand = FTP_STATE.text;
      return ftpStateBusy(await runner.plain(FTP_STATE, signal)) ? 'busy' : 'idle';
    },
    async quit(runner, signal) {
      // ERROR just means nothing was running any more.
      await runner.plain(FTP_QUIT, signal).catch((error: unknown) => {
        if (!(error instanceof AtCommandError)) throw error;
      });
    },
    budgetMs,
    backoffMs: () => 0,
    pollMs: () => TIMINGS.statePollMs,
    quitGraceMs: 10_000,
    retryWhenIdle: false,
    maxAttempts: 2,
    checkAfterInterrupt: true,
  };
}
