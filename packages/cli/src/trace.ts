import { formatTraceEvent, type TraceEvent } from '@cellftp/core';
import type { Console } from './output/streams.js';

/**
 * The `--trace` sink: core's trace events, one line each on stderr. Core has
 * already replaced registered secrets with `***`; the console scrubs again
 * with the CLI's own list before anything is written.
 */
export function traceToStderr(con: Console, prefix = ''): (event: TraceEvent) => void {
  return (event) => con.err(`${prefix}${formatTraceEvent(event)}`);
}
