import { AtAbortedError, type UrcQueue } from '@cellftp/core';
import { sessionUrc } from '../commands.js';
import type { FtpRunner } from '../session/runner.js';
import { quitSession } from './abort.js';

/** The result URCs of one transfer session, read in order. */
export interface SessionResults {
  readonly urcs: UrcQueue;
  /** The next `+<kind>: 1,…` line. */
  next(): Promise<string>;
}

/**
 * Queues a session's result URCs (`+FTPGET: 1,…`, `+FTPPUT: 1,1,<max>`,
 * `+FTPETPUT: 1,…`) from before its `=1` command, so none is missed between
 * two reads (VENDOR-FACTS A.9.1). An abort while waiting quits the session
 * (AT+FTPQUIT, §15.2.26) and rejects with ABORTED; any other failure marks
 * the runner dirty, so the next operation checks AT+FTPSTATE first.
 */
export function sessionResults(runner: FtpRunner, kind: string, open: string, signal: AbortSignal | undefined): SessionResults {
  const urcs = runner.engine.urcQueue(sessionUrc(kind));
  return {
    urcs,
    async next() {
      try {
        return await urcs.next({ timeoutMs: runner.timeoutMs, signal, label: open });
      } catch (error) {
        if (error instanceof AtAbortedError) throw await quitSession(runner, urcs, open);
        runner.dirty = true;
        throw error;
      }
    },
  };
}
