import {
  AtAbortedError,
  AtCommandError,
  FtpError,
  urcFields,
  type AtCommand,
  type AtEngine,
  type AtResponse,
} from '@cellftp/core';
import { commands, FTP_STAT, urc } from '../commands.js';
import { quectelError, SESSION_MAY_BE_GONE } from '../codes.js';

/** What every flow shares: the engine and the session's timing facts. */
export interface Link {
  readonly engine: AtEngine;
  /** `rsptimeout` (AN §2.1) in ms plus a margin: the longest wait for one result URC or between two data packets. */
  readonly opTimeoutMs: number;
  /** Set when the module reports the FTP session gone (`+QFTPSTAT: 0,4`). */
  closed: boolean;
  /** Set when the module restarted (`RDY`) or lost the PDP context (`+QIURC: "pdpdeact"`): the session is gone with it. */
  lost?: { code: 'MODEM' | 'NETWORK'; reason: string } | undefined;
  /** Stops watching for {@link Link.lost}. */
  unwatch?: () => void;
}

/** Errors that say the control connection is gone (AN Table 3/4: 606, 614 = server's 421). */
const CONTROL_GONE: ReadonlySet<number> = new Set([606, 614]);

/** One `AT+QFTPxxx` operation: `OK` (or a data phase) then `+QFTPxxx: 0,…`, or `+QFTPxxx: <err>,<protocol_error>`. */
export interface FtpCommandSpec {
  /** URC name without `+`, e.g. `QFTPCWD`. */
  readonly name: string;
  readonly text: string;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number;
  readonly secrets?: readonly (string | undefined)[];
  readonly incoming?: AtCommand['incoming'];
  readonly outgoing?: AtCommand['outgoing'];
  /** Retry on 603 "busy" (default true). */
  readonly retryBusy?: boolean;
  /** Aborts the command from inside a flow (e.g. the download tail guard); reported as the error it carries. */
  readonly internal?: AbortSignal;
}

/** The result of an operation: the fields of its success URC (`['0', '1000']`). */
export interface FtpResult {
  readonly fields: string[];
  readonly response: AtResponse;
}

/** Waits `ms` on the engine's scheduler (virtual time in tests), honouring `signal`. */
export function delay(engine: AtEngine, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AtAbortedError('wait'));
    const onAbort = (): void => {
      timer.unsubscribe();
      reject(new AtAbortedError('wait'));
    };
    const timer = engine.scheduler.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `AT+QFTPSTAT` → `<ftpstat>` (AN §2.17; the §3.6 example prints the line before `OK`, the table after: both accepted). */
export async function queryStat(link: Link, signal?: AbortSignal): Promise<number> {
  // A local query the module answers at once: never wait longer for it than for an FTP operation.
  const wait = Math.min(5000, link.opTimeoutMs);
  const res = await link.engine.run(
    { text: commands.stat, timeoutMs: wait, resultUrc: { match: urc.any('QFTPSTAT'), timeoutMs: wait } },
    { signal },
  );
  const [err, stat] = urcFields(res.resultUrc ?? '');
  if (err !== '0') throw quectelError(Number(err), undefined, res.command);
  const value = Number(stat);
  if (value === FTP_STAT.closed) link.closed = true;
  return value;
}

/** Asks the module for the session's real state after a failure; never throws. */
export async function refreshState(link: Link): Promise<number | undefined> {
  try {
    return await queryStat(link);
  } catch {
    return undefined;
  }
}

/**
 * Runs one FTP operation with the driver's error rules:
 * - the success URC completes it (before or after `OK`: the engine watches from the start);
 * - a failure URC before `OK` is an error final; after `OK` a URC watcher aborts the wait;
 * - `+CME ERROR: 603` ("busy": after a failed data connection, and until `+QFTPCLOSE:`
 *   after a logout — VENDOR-FACTS README) is retried with back-off while `AT+QFTPSTAT`
 *   says the session is still there, within one response timeout;
 * - after errors that can end the session, `AT+QFTPSTAT` tells the driver whether it did.
 */
export async function runFtp(link: Link, spec: FtpCommandSpec): Promise<FtpResult> {
  const started = link.engine.scheduler.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(link, spec);
    } catch (error) {
      const busy = error instanceof FtpError && error.vendorCode === 603;
      const budgetLeft = link.engine.scheduler.now() - started < link.opTimeoutMs;
      if (busy && spec.retryBusy !== false && budgetLeft && !spec.signal?.aborted) {
        await delay(link.engine, Math.min(100 * 2 ** attempt, 1000), spec.signal);
        const stat = await queryStat(link, spec.signal);
        if (stat === FTP_STAT.closed && spec.name !== 'QFTPOPEN') {
          throw new FtpError('CLOSED', `${spec.name}: the module reports the FTP session closed`, { vendorCode: 603 });
        }
        continue;
      }
      if (link.lost) throw lostError(link, spec, error);
      if (error instanceof FtpError && (error.code === 'TIMEOUT' || SESSION_MAY_BE_GONE.has(error.vendorCode ?? 0))) {
        const stat = await refreshState(link);
        if (link.lost) throw lostError(link, spec, error);
        // The module may still call the session open for a moment after the server hung up.
        if (CONTROL_GONE.has(error.vendorCode ?? 0) || error.serverReply === 421) link.closed = true;
        // A transfer whose result never came keeps the module busy (603 to everything): end the
        // session so that it is honestly closed rather than open and unusable.
        if (error.code === 'TIMEOUT' && stat === FTP_STAT.transferring) await closeStuckSession(link);
      }
      throw error;
    }
  }
}

/** The error of an operation that failed because the module restarted or lost its data context. */
function lostError(link: Link, spec: FtpCommandSpec, error: unknown): FtpError {
  link.closed = true;
  const lost = link.lost as NonNullable<Link['lost']>;
  const detail = error instanceof FtpError ? error : undefined;
  return new FtpError(lost.code, `${link.engine.secrets.redact(spec.text)}: ${lost.reason}; the FTP session is closed`, {
    vendorCode: detail?.vendorCode,
    serverReply: detail?.serverReply,
    command: link.engine.secrets.redact(spec.text),
    cause: error,
  });
}

/** `AT+QFTPCLOSE` on a session stuck in a transfer; the link is closed whatever the module answers. */
async function closeStuckSession(link: Link): Promise<void> {
  await link.engine
    .run({ text: commands.close, timeoutMs: Math.min(5000, link.opTimeoutMs), resultUrc: { match: urc.any('QFTPCLOSE'), timeoutMs: Math.min(5000, link.opTimeoutMs) } })
    .catch(() => undefined);
  link.closed = true;
}

async function runOnce(link: Link, spec: FtpCommandSpec): Promise<FtpResult> {
  const failed = urc.failed(spec.name);
  const timeoutMs = spec.timeoutMs ?? link.opTimeoutMs;
  const stop = new AbortController();
  const signals = [stop.signal, spec.signal, spec.internal].filter((s): s is AbortSignal => s !== undefined);
  let late: string | undefined;
  // A failure URC after OK is not a final result: watch for it and stop waiting for the success URC.
  const watcher = link.engine.urcQueue(failed);
  void watcher.next({ timeoutMs: 2 ** 31 - 1, signal: stop.signal }).then(
    (line) => {
      late = line;
      stop.abort();
    },
    () => undefined,
  );
  const command: AtCommand = {
    text: spec.text,
    timeoutMs,
    resultUrc: { match: urc.ok(spec.name), timeoutMs },
    errorFinals: [failed],
    ...(spec.secrets ? { secrets: spec.secrets } : {}),
    ...(spec.incoming ? { incoming: spec.incoming } : {}),
    ...(spec.outgoing ? { outgoing: spec.outgoing } : {}),
  };
  try {
    const response = await link.engine.run(command, { signal: AbortSignal.any(signals) });
    return { fields: urcFields(response.resultUrc ?? ''), response };
  } catch (error) {
    const label = link.engine.secrets.redact(spec.text);
    if (late !== undefined) throw failureFromLine(late, label);
    if (spec.internal?.aborted && spec.internal.reason instanceof Error) throw spec.internal.reason;
    if (error instanceof AtCommandError) {
      if (failed.test(error.final)) throw failureFromLine(error.final, label, error);
      if (error.cmeError !== undefined) throw quectelError(error.cmeError, undefined, label, error);
    }
    throw error;
  } finally {
    stop.abort();
    watcher.close();
  }
}

/** `+QFTPxxx: <err>,<protocol_error>` → FtpError. */
export function failureFromLine(line: string, command: string, cause?: unknown): FtpError {
  const [err, protocolError] = urcFields(line);
  return quectelError(Number(err), Number(protocolError), command, cause);
}

/** Runs a plain command (FILE, SSL, PDP): `+CME ERROR: <n>` becomes the table's FtpError. */
export async function runPlain(link: Pick<Link, 'engine'>, command: AtCommand, signal?: AbortSignal): Promise<AtResponse> {
  try {
    return await link.engine.run(command, { signal });
  } catch (error) {
    if (error instanceof AtCommandError && error.cmeError !== undefined) {
      throw quectelError(error.cmeError, undefined, error.command ?? command.text, error);
    }
    throw error;
  }
}
