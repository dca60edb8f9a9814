import type { ByteTransport } from './types.js';

/** The part of serialport's `SerialPort` that releasing the device needs. */
export interface ReleasablePort {
  readonly isOpen: boolean;
  close(callback: (err?: Error | null) => void): void;
}

/**
 * How long `close()` waits for the OS to close a serial device. A tty's
 * close(2) waits for unsent output to drain (up to the driver's closing_wait,
 * 30 s by default), forever in effect when flow control holds it back.
 */
export const SERIAL_CLOSE_TIMEOUT_MS = 2000;

/**
 * Makes `inner.close()` also close serialport's handle. Ending the Node
 * stream alone leaves serialport's file descriptor, and with it the exclusive
 * lock, open: the same path then cannot be opened again in this process
 * ("Cannot lock port"). The wait is bounded by `timeoutMs`; a close still
 * stuck in the kernel then finishes on its own.
 */
export function releasingPort(inner: ByteTransport, port: ReleasablePort, timeoutMs = SERIAL_CLOSE_TIMEOUT_MS): ByteTransport {
  let closing: Promise<void> | undefined;
  const release = async (): Promise<void> => {
    await inner.close();
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  };
  return {
    get data$() {
      return inner.data$;
    },
    get closed() {
      return inner.closed || !port.isOpen;
    },
    description: inner.description,
    write: (bytes) => inner.write(bytes),
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    close: () => (closing ??= bounded(release(), timeoutMs)),
  };
}

function bounded(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}
