import { SerialPort } from 'serialport';
import { duplexTransport } from './duplex.js';
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

/**
 * Opens a serial device with `serialport` and wraps it as a {@link ByteTransport}.
 * Rejects quickly with the OS's reason when the device is missing or busy
 * (serialport opens with an exclusive lock by default).
 *
 * Serial I/O must stay on the main thread: the native binding aborts the
 * process when a port reads inside a worker thread.
 */
export async function openSerialTransport(options: SerialTransportOptions): Promise<ByteTransport> {
  const baudRate = options.baudRate ?? 115200;
  const port = new SerialPort({
    path: options.path,
    baudRate,
    rtscts: options.rtscts ?? false,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(new Error(`cannot open ${options.path}: ${err.message}`)) : resolve()));
  });
  return duplexTransport(port, `serial:${options.path}@${baudRate}`);
}
