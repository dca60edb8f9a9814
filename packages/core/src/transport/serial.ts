import { SerialPort } from 'serialport';
import { duplexTransport } from './duplex.js';
import { releasingPort, SERIAL_CLOSE_TIMEOUT_MS } from './port-release.js';
import { ttyReaderTransport } from './tty-reader.js';
import type { ByteTransport } from './types.js';

/** Options for {@link openSerialTransport}. */
export interface SerialTransportOptions {
  /** Device path, e.g. `/dev/ttyUSB2` or a pty such as `/dev/pts/7`. */
  path: string;
  /** Line rate; default 115200. */
  baudRate?: number;
  /** Hardware flow control (RTS/CTS); default false. */
  rtscts?: boolean;
}

/** Internal knobs, for tests: which reader to use and how long a close may take. */
export interface SerialReaderOptions {
  ttyReads?: boolean;
  /** Batch bulk tty reads for this long (ms); 0 or unset: every read is delivered at once. */
  batchReadsMs?: number;
  closeTimeoutMs?: number;
}

/**
 * Opens a serial device with `serialport` and wraps it as a {@link ByteTransport}.
 * Rejects quickly with the OS's reason when the device is missing or busy
 * (serialport opens with an exclusive lock by default). `close()` releases
 * the device and its lock, so the same path can be opened again at once;
 * it waits at most two seconds for a device that does not close.
 *
 * Reads go through a tty stream on the event loop where the device allows
 * it, else through serialport's own reader.
 *
 * Serial I/O must stay on the main thread: the native binding aborts the
 * process when a port reads inside a worker thread.
 */
export function openSerialTransport(options: SerialTransportOptions): Promise<ByteTransport> {
  return openSerialWith(options, {});
}

/** {@link openSerialTransport} with its internal knobs (not exported from the package). */
export async function openSerialWith(options: SerialTransportOptions, reader: SerialReaderOptions): Promise<ByteTransport> {
  const baudRate = options.baudRate ?? 115200;
  const port = new SerialPort({
    path: options.path,
    baudRate,
    rtscts: options.rtscts ?? false,
    lock: true,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(new Error(`cannot open ${options.path}: ${err.message}`)) : resolve()));
  });
  const description = `serial:${options.path}@${baudRate}`;
  const inner = (reader.ttyReads !== false ? ttyReaderTransport(port, options.path, description, reader.batchReadsMs ?? 0) : undefined) ?? duplexTransport(port, description);
  return releasingPort(inner, port, reader.closeTimeoutMs ?? SERIAL_CLOSE_TIMEOUT_MS);
}
