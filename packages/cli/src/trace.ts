import { formatTraceEvent, type TraceEvent } from '@cellftp/core';
import type { Console } from './output/streams.js';

/**
 * The `--trace` sink: core's trace events, one line each on stderr. Core has
 * already replaced registered secrets with `***`; the console redacts again
 * with the CLI's own credentials before anything is written.
 */
export function traceToStderr(con: Console, prefix = ''): (event: TraceEvent) => void {
  return (event) => con.trace(`${prefix}${formatTraceEvent(event)}`);
}
