import { SerialPort } from 'serialport';
import { duplexTransport } from '../transport/duplex.js';
import type { ByteTransport } from '../transport/types.js';
import { within } from './bounded.js';
import { ttyTransport } from './tty-line.js';

/** An opened serial port: its transport, and a release that really closes the device. */
export interface SerialLine {
  readonly transport: ByteTransport;
  /** Closes the OS handle (and with it the lock); bounded by `timeoutMs`. */
  release(timeoutMs: number): Promise<void>;
}

/**
 * Opens `path` with serialport's exclusive lock. The release closes the
 * binding itself: destroying the stream (what `ByteTransport.close()` does)
 * ends the Node stream but leaves serialport's file descriptor, and its
 * lock, open, so a fleet that opens and closes ports would keep them all.
 */
export async function openSerialLine(path: string, baudRate: number, rtscts = false, fastReads = false): Promise<SerialLine> {
  const port = new SerialPort({ path, baudRate, rtscts, lock: true, autoOpen: false });
  const failure = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err ?? null)));
  if (failure) throw new Error(`cannot open ${path}: ${failure.message}`);
  const description = `serial:${path}@${baudRate}`;
  return {
    transport: (fastReads ? ttyTransport(port, path, description) : undefined) ?? duplexTransport(port, description),
    release: async (timeoutMs) => {
      if (!port.isOpen) return;
      await within(new Promise<void>((resolve) => port.close(() => resolve())), timeoutMs, undefined);
    },
  };
}
