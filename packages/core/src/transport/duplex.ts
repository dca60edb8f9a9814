import type { Duplex } from 'node:stream';
import { Observable, share } from 'rxjs';
import { DrainGate, writeWithBackpressure } from './drain-gate.js';
import type { ByteTransport } from './types.js';

/**
 * Wraps any Node `Duplex` (a serial port, a TCP socket, a child's stdio pair)
 * as a {@link ByteTransport}. Backpressure is the stream's own: `pause()` stops
 * `data` events, and `write()` waits for `drain` when the stream's buffer is full.
 *
 * @example
 * const transport = duplexTransport(net.connect(4001, '127.0.0.1'), 'tcp:127.0.0.1:4001');
 */
export function duplexTransport(stream: Duplex, description = 'duplex'): ByteTransport {
  let closed = false;
  const markClosed = (): void => {
    closed = true;
  };
  stream.once('close', markClosed);
  stream.once('end', markClosed);
  const drain = new DrainGate(stream);

  const data$ = new Observable<Uint8Array>((subscriber) => {
    const onData = (chunk: Buffer | string): void => {
      subscriber.next(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
    };
    const onEnd = (): void => subscriber.complete();
    const onError = (err: Error): void => subscriber.error(err);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    return () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
    };
  }).pipe(share());

  return {
    data$,
    description,
    get closed() {
      return closed || stream.destroyed;
    },
    write(bytes: Uint8Array): Promise<void> {
      if (closed || stream.destroyed || stream.writableEnded) {
        return Promise.reject(new Error(`${description}: write after close`));
      }
      return writeWithBackpressure(stream, drain, bytes);
    },
    pause: () => void stream.pause(),
    resume: () => void stream.resume(),
    close(): Promise<void> {
      if (stream.destroyed) {
        closed = true;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        closed = true;
        stream.destroy();
      });
    },
  };
}
