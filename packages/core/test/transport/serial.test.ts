import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { filter, firstValueFrom, scan } from 'rxjs';
import type { SerialPort } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openModem } from '../../src/modem/open-modem.js';
import type { ModemDriver } from '../../src/modem/types.js';
import { duplexTransport } from '../../src/transport/duplex.js';
import { releasingPort, SERIAL_CLOSE_TIMEOUT_MS } from '../../src/transport/port-release.js';
import { openSerialTransport, openSerialWith } from '../../src/transport/serial.js';
import { ttyReaderTransport } from '../../src/transport/tty-reader.js';
import type { ByteTransport } from '../../src/transport/types.js';
import { FakeOps } from '../support/fake-ops.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import { serialPattern, sha256Hex } from '../support/bytes.js';
import { hasSocat, startPtyPair } from '../support/socat.js';

const mustRun = process.env.CI === 'true';
const sha = sha256Hex;

const pattern = serialPattern;

function collect(transport: ByteTransport, length: number): Promise<Uint8Array> {
  return firstValueFrom(
    transport.data$.pipe(
      scan((acc, chunk) => [...acc, chunk], [] as Uint8Array[]),
      filter((chunks) => chunks.reduce((n, c) => n + c.length, 0) >= length),
    ),
  ).then((chunks) => Buffer.concat(chunks));
}

/** How many of this process's descriptors are open on `path`'s device. */
function openDescriptors(path: string): number {
  const device = realpathSync(path);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === device;
    } catch {
      return false;
    }
  }).length;
}

const ANSWERS: Record<string, string> = {
  ATI: '\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR02A09M4G\r\n\r\nOK\r\n',
  'AT+CGMI': '\r\nQuectel\r\n\r\nOK\r\n',
  'AT+CGMM': '\r\nEC25\r\n\r\nOK\r\n',
  'AT+CGMR': '\r\nEC25EFAR02A09M4G\r\n\r\nOK\r\n',
};
const driver: ModemDriver = {
  vendor: 'quectel',
  matches: (id) => id.manufacturer === 'Quectel',
  attach: async () => ({ connect: async () => undefined, openFtp: async () => new FakeOps() }),
};

describe.runIf(hasSocat || mustRun)('openSerialTransport over a pty', () => {
  let pair: Awaited<ReturnType<typeof startPtyPair>> | undefined;
  const open: ByteTransport[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    await pair?.stop();
    pair = undefined;
  });

  it('openModem({ path }) → modem.close() → openModem({ path }) on the same path in one process', async () => {
    pair = await startPtyPair();
    const device = await openSerialTransport({ path: pair.b });
    open.push(device);
    const modem = new ScriptedModem(device, (c) => ANSWERS[c] ?? '\r\nOK\r\n');
    const first = await openModem({ path: pair.a, drivers: [driver] });
    expect(first.info.model).toBe('EC25');
    await first.close();
    expect(openDescriptors(pair.a)).toBe(0);
    const second = await openModem({ path: pair.a, drivers: [driver] });
    expect(second.info.model).toBe('EC25');
    await second.close();
    expect(openDescriptors(pair.a)).toBe(0);
    expect(modem.commands.filter((c) => c === 'ATI')).toHaveLength(2);
  });

  it.each([
    ['a tty stream', true, 2],
    ["serialport's reader", false, 1],
  ])('reading through %s: every byte value both ways unchanged, the lock held while open and freed by close()', async (_, ttyReads, descriptors) => {
    pair = await startPtyPair();
    const host = await openSerialWith({ path: pair.a, baudRate: 921600 }, { ttyReads });
    open.push(host);
    // The tty reader holds a second descriptor of its own: how the test tells which reader runs.
    expect(openDescriptors(pair.a)).toBe(descriptors);
    const device = await openSerialTransport({ path: pair.b, baudRate: 921600 });
    open.push(device);
    const down = pattern(200_000);
    const received = collect(host, down.length);
    await device.write(down);
    const got = await received;
    expect(got.length).toBe(down.length);
    expect(sha(got)).toBe(sha(down));
    const up = pattern(70_000).reverse();
    const echoed = collect(device, up.length);
    await host.write(up);
    expect(sha(await echoed)).toBe(sha(up));

    await expect(openSerialTransport({ path: pair.a })).rejects.toThrow(/^cannot open .*: .*(Cannot lock port|Resource temporarily unavailable)/);
    await host.close();
    expect(host.closed).toBe(true);
    expect(openDescriptors(pair.a)).toBe(0);
    await expect(host.write(Uint8Array.of(0x41))).rejects.toThrow('write after close');
    const again = await openSerialWith({ path: pair.a }, { ttyReads });
    open.push(again);
    await again.close();
  });
});

describe('the tty reader', () => {
  const port = { isOpen: true } as unknown as SerialPort;
  it('declines a device that is not a tty, and one it cannot open, so serialport reads instead', () => {
    const before = readdirSync('/proc/self/fd').length;
    expect(ttyReaderTransport(port, '/dev/null', 'x')).toBeUndefined();
    expect(ttyReaderTransport(port, '/dev/does-not-exist-cellftp', 'x')).toBeUndefined();
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});

describe('releasingPort', () => {
  afterEach(() => void vi.useRealTimers());

  function stuckPort(): { isOpen: boolean; close: ReturnType<typeof vi.fn<(cb: () => void) => void>> } {
    return { isOpen: true, close: vi.fn<(cb: () => void) => void>() };
  }

  it(`stops waiting for a device whose close never returns after ${SERIAL_CLOSE_TIMEOUT_MS} ms`, async () => {
    vi.useFakeTimers();
    const port = stuckPort();
    const transport = releasingPort(duplexTransport(new PassThrough(), 'stuck'), port);
    let done = false;
    const closing = transport.close().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(SERIAL_CLOSE_TIMEOUT_MS - 1);
    expect(port.close).toHaveBeenCalledTimes(1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(done).toBe(true);
    expect(transport.closed).toBe(true);
    // Idempotent: a second close neither closes the port again nor waits again.
    await transport.close();
    expect(port.close).toHaveBeenCalledTimes(1);
  });

  it('closes the port after the stream and resolves as soon as the port is closed', async () => {
    vi.useFakeTimers();
    const order: string[] = [];
    const stream = new PassThrough();
    stream.once('close', () => order.push('stream'));
    const port = {
      isOpen: true,
      close: vi.fn((cb: () => void) => {
        order.push('port');
        port.isOpen = false;
        setTimeout(cb, 10);
      }),
    };
    const transport = releasingPort(duplexTransport(stream, 'ok'), port);
    const closing = transport.close();
    await vi.advanceTimersByTimeAsync(10);
    await closing;
    expect(order).toEqual(['stream', 'port']);
  });
});
