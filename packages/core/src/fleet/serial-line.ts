import { openSerialWith } from '../transport/serial.js';
import type { ByteTransport } from '../transport/types.js';
import { within } from './bounded.js';

/** An opened serial port: its transport, and a release bounded by the caller's own wait. */
export interface SerialLine {
  readonly transport: ByteTransport;
  /** Closes the port and its lock (the transport's close does); waits at most `timeoutMs`. */
  release(timeoutMs: number): Promise<void>;
}

/**
 * Opens `path` with core's serial transport (exclusive lock, a tty reader
 * where the device allows it, a close that releases the device), giving the
 * fleet a per-call bound on the release so one stuck port never holds up
 * `close()` of the others.
 */
export async function openSerialLine(path: string, baudRate: number, rtscts = false, ttyReads = true, batchReadsMs = 0): Promise<SerialLine> {
  const transport = await openSerialWith({ path, baudRate, rtscts }, { ttyReads, batchReadsMs });
  return { transport, release: (timeoutMs) => within(transport.close(), timeoutMs, undefined) };
}
