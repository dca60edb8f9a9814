import { closeSync, constants, openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { Observable, share } from 'rxjs';
import type { SerialPort } from 'serialport';
import { DrainGate, writeWithBackpressure } from './drain-gate.js';
import { ReadWindow } from './read-window.js';
import type { ByteTransport } from './types.js';

/**
 * A transport over an open serial port that reads through a libuv tty
 * stream instead of serialport's reader. serialport reads each chunk with an
 * `fs.read` on libuv's thread pool after its poller fires: two thread hand-offs
 * per few hundred bytes (measured: 570/150 ms main/other threads per 512 KiB,
 * against 330/80 ms for a tty stream, which reads on the event loop as much as
 * is there). serialport still opens the device (lock, line settings, raw mode)
 * and writes; its own stream is never read, so it never competes for bytes.
 *
 * The tty stream gets a descriptor of its own: libuv re-opens a pty slave and
 * dup2()s the new one over the descriptor it was given, which done to
 * serialport's descriptor would close it and with it the exclusive lock.
 * serialport's lock is flock(2), which a second open of the path does not
 * ask for.
 *
 * Returns undefined when the device cannot be read this way (not a tty, or
 * not openable a second time): then serialport's reader is used.
 * `close()` ends the tty stream only; serialport's handle is the caller's.
 *
 * `batchMs` > 0 batches bulk reads in the kernel (see {@link ReadWindow}).
 */
export function ttyReaderTransport(port: SerialPort, path: string, description: string, batchMs = 0): ByteTransport | undefined {
  let input: ReadStream;
  try {
    const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
    try {
      input = new ReadStream(fd);
    } catch {
      closeSync(fd);
      return undefined;
    }
    // After re-opening a pty slave libuv reads its new descriptor and leaves ours open (dup2()ed onto the
    // same file), which would leak one descriptor per open: close ours. Otherwise ours is the handle's.
    const handleFd = (input as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
    if (typeof handleFd !== 'number' || handleFd < 0) {
      input.destroy();
      return undefined;
    }
    if (handleFd !== fd) closeSync(fd);
  } catch {
    return undefined;
  }
  let closed = false;
  const drain = new DrainGate(port);
  // A tty ReadStream has a highWaterMark of 0: paused, it stops reading and the tty buffers.
  const window = new ReadWindow(input, input.readableHighWaterMark === 0 ? batchMs : 0);
  const data$ = new Observable<Uint8Array>((subscriber) => {
    const onData = (chunk: Buffer): void => {
      subscriber.next(chunk);
      window.afterChunk(chunk.length);
    };
    const onEnd = (): void => subscriber.complete();
    // A hang-up (EIO once the other side of a pty or a USB device went away) ends the line like a close.
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
      return closed || input.destroyed || !port.isOpen;
    },
    write(bytes: Uint8Array): Promise<void> {
      if (closed || !port.isOpen) return Promise.reject(new Error(`${description}: write after close`));
      return writeWithBackpressure(port, drain, bytes);
    },
    pause: () => window.pause(),
    resume: () => window.resume(),
    close(): Promise<void> {
      closed = true;
      window.close();
      if (input.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        input.once('close', () => resolve());
        input.destroy();
      });
    },
  };
}
