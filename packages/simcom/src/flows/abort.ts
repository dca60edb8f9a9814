import { FtpError, type UrcQueue } from '@cellftp/core';
import { parseSessionUrc } from '../commands.js';
import type { FtpRunner } from '../session/runner.js';

/** The error every aborted transfer rejects with. */
export function abortedError(command: string): FtpError {
  return new FtpError('ABORTED', `${command}: aborted`, { command });
}

/** Throws {@link abortedError} when `signal` has fired. */
export function checkAborted(signal: AbortSignal | undefined, command: string): void {
  if (signal?.aborted) throw abortedError(command);
}

/**
 * Ends a running GET/PUT-style session after an abort: AT+FTPQUIT, then the
 * session's own result URC (normally `…: 1,80`, "manual quit", §15.2.26; a
 * `1,0` when it finished first). The queue must have been created before the
 * session started so no result is missed. Leaves the module idle.
 */
export async function quitSession(runner: FtpRunner, results: UrcQueue, command: string): Promise<FtpError> {
  await runner.quit();
  try {
    for (;;) {
      const line = await results.next({ timeoutMs: 10_000, label: `${command} after AT+FTPQUIT` });
      if (parseSessionUrc(line).code !== 1) break;
    }
    runner.dirty = false;
  } catch {
    runner.dirty = true;
  }
  return abortedError(command);
}
