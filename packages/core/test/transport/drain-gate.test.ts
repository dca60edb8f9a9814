import { Duplex } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { duplexTransport } from '../../src/transport/duplex.js';

/** A duplex whose write side takes one chunk per macrotask with a 16-byte buffer: every burst is back-pressured. */
function slowSink(): { stream: Duplex; received: Buffer[]; maxDrainListeners: () => number } {
  const received: Buffer[] = [];
  let max = 0;
  const stream = new Duplex({
    writableHighWaterMark: 16,
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      max = Math.max(max, stream.listenerCount('drain'));
      received.push(Buffer.from(chunk));
      setImmediate(callback);
    },
  });
  return { stream, received, maxDrainListeners: () => Math.max(max, stream.listenerCount('drain')) };
}

describe('duplexTransport write backpressure', () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  afterEach(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });

  it('1000 back-pressured writes share one drain listener, raise no warning and keep every byte in order', async () => {
    process.on('warning', onWarning);
    const { stream, received, maxDrainListeners } = slowSink();
    const transport = duplexTransport(stream, 'slow');
    const chunks = Array.from({ length: 1000 }, (_, i) => Buffer.from(`chunk ${i.toString().padStart(4, '0')};`));
    const writes = chunks.map((c) => transport.write(c));
    expect(stream.listenerCount('drain')).toBe(1);
    await Promise.all(writes);
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(maxDrainListeners()).toBe(1);
    expect(stream.listenerCount('drain')).toBe(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(digest(Buffer.concat(received))).toBe(digest(Buffer.concat(chunks)));
  });

  it('a write that fits resolves without waiting for drain, one that does not resolves on drain', async () => {
    const { stream } = slowSink();
    const transport = duplexTransport(stream, 'slow');
    const order: string[] = [];
    const small = transport.write(Buffer.from('ab')).then(() => order.push('small'));
    const big = transport.write(Buffer.alloc(64, 1)).then(() => order.push('big'));
    expect(stream.listenerCount('drain')).toBe(1);
    await Promise.all([small, big]);
    expect(order).toEqual(['small', 'big']);
  });

  it('a failed write rejects with the stream error', async () => {
    const stream = new Duplex({
      read() {},
      write(_chunk, _encoding, callback) {
        callback(new Error('EIO'));
      },
    });
    stream.on('error', () => undefined);
    await expect(duplexTransport(stream, 'broken').write(Buffer.from('x'))).rejects.toThrow('EIO');
  });
});
