import { firstValueFrom, scan, filter } from 'rxjs';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialLine, type SerialLine } from '../../src/fleet/serial-line.js';
import { openSerialTransport } from '../../src/transport/serial.js';
import type { ByteTransport } from '../../src/transport/types.js';
import { serialPattern, sha256Hex } from '../support/bytes.js';
import { hasSocat, startPtyPair } from '../support/socat.js';

const mustRun = process.env.CI === 'true';
const sha = sha256Hex;

const pattern = serialPattern;

async function collect(transport: ByteTransport, length: number): Promise<Uint8Array> {
  return firstValueFrom(
    transport.data$.pipe(
      scan((acc, chunk) => [...acc, chunk], [] as Uint8Array[]),
      filter((chunks) => chunks.reduce((n, c) => n + c.length, 0) >= length),
    ),
  ).then((chunks) => Buffer.concat(chunks));
}

// Batched reads with a writer faster than the window: the tty's buffer fills while the line is paused, and no byte may be lost.
describe.runIf(hasSocat || mustRun).each([
  [true, 0],
  [false, 0],
  [true, 20],
])('openSerialLine over a pty (tty reads %s, batch %i ms)', (ttyReads, batchReadsMs) => {
  let pair: Awaited<ReturnType<typeof startPtyPair>> | undefined;
  let line: SerialLine | undefined;
  let device: ByteTransport | undefined;
  afterEach(async () => {
    await line?.transport.close();
    await line?.release(500);
    await device?.close();
    await pair?.stop();
  });

  it('moves every byte value both ways unchanged, then frees the device and its lock', async () => {
    pair = await startPtyPair();
    line = await openSerialLine(pair.a, 921600, false, ttyReads, batchReadsMs);
    device = await openSerialTransport({ path: pair.b, baudRate: 921600 });
    const down = pattern(200_000);
    const received = collect(line.transport, down.length);
    await device.write(down);
    expect(sha(await received)).toBe(sha(down));
    const up = pattern(70_000).reverse();
    const echoed = collect(device, up.length);
    await line.transport.write(up);
    expect(sha(await echoed)).toBe(sha(up));
    // A second opener is refused while the line holds the lock…
    await expect(openSerialLine(pair.a, 115200)).rejects.toThrow(/Cannot lock port|Resource temporarily unavailable/);
    await line.transport.close();
    await line.release(500);
    // …and gets it once the line is released.
    const again = new SerialPort({ path: pair.a, baudRate: 115200, lock: true, autoOpen: false });
    await new Promise<void>((resolve, reject) => again.open((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => again.close(() => resolve()));
    line = undefined;
  });
});
