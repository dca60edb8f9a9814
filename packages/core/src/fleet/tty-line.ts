import { closeSync, constants, openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { Observable, share } from 'rxjs';
import type { SerialPort } from 'serialport';
import type { ByteTransport } from '../transport/types.js';

/**
 * A transport over an open serial port that reads through a libuv tty
 * stream instead of serialport's reader. serialport reads each chunk with an
 * `fs.read` on libuv's thread pool after its poller fires: two thread hand-offs
 * per few hundred bytes, which is most of a gateway's CPU when dozens of
 * modems stream at once. A tty stream reads on the event loop, as much as is
 * there. serialport still opens the device (lock, line settings) and writes;
 * its own stream is never read, so it never competes for bytes.
 *
 * The tty stream gets a descriptor of its own: libuv re-opens a tty and
 * dup2()s the new one over the descriptor it was given, which would close
 * serialport's descriptor and with it the exclusive lock.
 *
 * Returns undefined when the device is not a tty (then use serialport's reader).
 */
export function ttyTransport(port: SerialPort, path: string, description: string): ByteTransport | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  let input: ReadStream;
  try {
    input = new ReadStream(fd);
  } catch {
    closeSync(fd);
    return undefined;
  }
  let closed = false;
  const data$ = new Observable<Uint8Array>((subscriber) => {
    const onData = (chunk: Buffer): void => subscriber.next(chunk);
    const onEnd = (): void => subscriber.complete();
    // A hang-up (the other side of a pty went away) ends the line like a close.
    const onError = (): void => subscriber.complete();
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('close', onEnd);
    input.once('error', onError);
    return () => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('close', onEnd);
      input.off('error', onError);
    };
  }).pipe(share());
  return {
    data$,
    description,
    get closed() {
      return closed || !port.isOpen;
    },
    write(bytes: Uint8Array): Promise<void> {
      if (closed || !port.isOpen) return Promise.reject(new Error(`${description}: write after close`));
      return new Promise<void>((resolve, reject) => {
        const ok = port.write(bytes, (err) => {
          if (err) reject(err);
          else if (ok) resolve();
        });
        if (!ok) port.once('drain', () => resolve());
      });
    },
    pause: () => void input.pause(),
    resume: () => void input.resume(),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      input.destroy();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
