import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtOutput } from '../src/common/output.js';
import { LineFeeder, READ_AHEAD_BYTES } from '../src/ec25/line-feeder.js';
import { createPacedPort } from '../src/links/paced-port.js';
import { ec25Session } from './support/ec25-session.js';
import { FakeClock } from './support/fake-clock.js';
import { startTestFtpServer, type RunningTestFtpServer } from './support/ftp-servers.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A COM: data phase on a paced line driven by a fake clock; the "server" writes as fast as the feeder lets it. */
async function dataPhase(baud: number, payload: Buffer, chunk = 16 * 1024) {
  const clock = new FakeClock(1);
  const arrivals: Array<{ t: number; bytes: Buffer }> = [];
  const port = createPacedPort((b) => void arrivals.push({ t: clock.now(), bytes: Buffer.from(b) }), () => undefined, baud, clock);
  const out = new AtOutput(port.io, () => ({}));
  const feeder = new LineFeeder(out, () => out.line('CONNECT'));
  const lineBytes = (): number => arrivals.reduce((n, a) => n + a.bytes.length, 0);
  let maxAhead = 0;
  const server = (async () => {
    for (let i = 0; i < payload.length; i += chunk) {
      await feeder.write(payload.subarray(i, i + chunk));
      // Everything the server has handed over and the line has not yet carried is module memory.
      maxAhead = Math.max(maxAhead, Math.min(payload.length, i + chunk) - (lineBytes() - 11));
    }
    await feeder.drained();
    out.ok();
  })();
  await clock.runAllAsync();
  await server;
  port.close();
  const all = Buffer.concat(arrivals.map((a) => a.bytes));
  return { all, seconds: (arrivals.at(-1)!.t - arrivals[0]!.t) / 1000, maxAhead };
}

describe('EC25 COM: download pacing (the line is the only limit)', () => {
  it.each([115_200, 921_600])('streams a 64 KiB range at %i baud at line rate, bytes exact', async (baud) => {
    const payload = randomBytes(65_536);
    const { all, seconds } = await dataPhase(baud, payload);
    expect(all.subarray(0, 11).toString()).toBe('\r\nCONNECT\r\n');
    expect(sha(all.subarray(11, 11 + payload.length))).toBe(sha(payload));
    expect(all.subarray(11 + payload.length).toString()).toBe('\r\nOK\r\n');
    // Line time of every byte at 8N1; stop-and-wait per 1 KiB slice took ≈ 1.35× this at 921600.
    const lineSeconds = all.length / (baud / 10);
    expect(seconds / lineSeconds).toBeGreaterThan(0.99);
    expect(seconds / lineSeconds).toBeLessThan(1.01);
  });

  it('holds at most the 64 KiB read-ahead (+ one server chunk and the UART slice) while the line drains', async () => {
    const payload = randomBytes(1024 * 1024);
    const { all, maxAhead } = await dataPhase(921_600, payload, 32 * 1024);
    expect(sha(all.subarray(11, 11 + payload.length))).toBe(sha(payload));
    expect(maxAhead).toBeGreaterThan(READ_AHEAD_BYTES / 2);
    expect(maxAhead).toBeLessThanOrEqual(READ_AHEAD_BYTES + 32 * 1024 + 3 * 1024);
  });

  it('stop() drops the read-ahead and releases a blocked writer', async () => {
    const clock = new FakeClock();
    const port = createPacedPort(() => undefined, () => undefined, 115_200, clock);
    const out = new AtOutput(port.io, () => ({}));
    const feeder = new LineFeeder(out, () => undefined);
    let released = false;
    void feeder.write(Buffer.alloc(READ_AHEAD_BYTES * 2)).then(() => (released = true));
    await clock.runAllAsync(100);
    expect(released).toBe(false);
    feeder.stop();
    await clock.runAllAsync(200);
    expect(released).toBe(true);
    // What was already on its way: the refill mark plus one slice, plus what the line carried meanwhile.
    expect(feeder.sent).toBeLessThanOrEqual(4096);
    port.close();
  });
});

describe('EC25 COM: download pacing, one real measurement', () => {
  let server: RunningTestFtpServer;
  beforeAll(async () => {
    server = await startTestFtpServer();
  });
  afterAll(async () => server.stop());

  it('a 65 536-byte range at 921600 baud takes its line time between CONNECT and OK', async () => {
    const data = randomBytes(300_000);
    writeFileSync(join(server.root, 'range.bin'), data);
    const { vm, host } = await ec25Session(server, { baudRate: 921_600 });
    try {
      await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: 0,0');
      await host.write('AT+QFTPGET="range.bin","COM:",1000,65536\r');
      await host.until('\r\nCONNECT\r\n');
      const t0 = performance.now();
      const body = await host.until('\r\nOK\r\n');
      const ms = performance.now() - t0;
      expect(sha(body.subarray(0, 65_536))).toBe(sha(data.subarray(1000, 66_536)));
      expect((await host.until('\r\n')).toString() + (await host.until('\r\n')).toString()).toBe('\r\n+QFTPGET: 0,65536\r\n');
      // Line time of the bytes and OK: 65 542 / 92 160 B/s = 711 ms (stop-and-wait took ≈ 800 ms).
      const lineMs = ((65_536 + 6) / 92_160) * 1000;
      expect(ms).toBeGreaterThan(lineMs * 0.97);
      expect(ms).toBeLessThan(lineMs * 1.06);
    } finally {
      await vm.close();
    }
  });
});
