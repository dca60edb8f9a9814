import type { Phase } from './exit-codes.js';
import type { Console } from './output/streams.js';

/** What every command action gets besides its own options. */
export interface CliContext {
  readonly con: Console;
  /** Fires on Ctrl-C; commands pass it to transfers so the modem is cleaned up. */
  readonly signal: AbortSignal;
  /** Advanced by the session helpers so a failure is attributed to the modem or to FTP. */
  phase: Phase;
}
