import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { lengthAnnouncedBy } from '../../src/engine/data-helpers.js';
import { openSerialTransport } from '../../src/transport/serial.js';
import type { ByteTransport } from '../../src/transport/types.js';
import { allByteValues, concatBytes } from '../support/bytes.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import { hasSocat, startPtyPair } from '../support/socat.js';

const mustRun = process.env.CI === 'true';
if (!hasSocat && !mustRun) console.warn('SKIPPED pty end-to-end test: socat is not installed (apt-get install socat)');

describe.runIf(hasSocat || mustRun)('serialport over a real pty pair', () => {
  let pair: Awaited<ReturnType<typeof startPtyPair>>;
  let host: ByteTransport;
  let device: ByteTransport;

  beforeAll(async () => {
    pair = await startPtyPair();
    host = await openSerialTransport({ path: pair.a, baudRate: 115200 });
    device = await openSerialTransport({ path: pair.b, baudRate: 115200 });
  });

  afterAll(async () => {
    await host?.close();
    await device?.close();
    await pair?.stop();
  });

  it('runs commands, URCs and an exact binary payload end to end', async () => {
    const payload = concatBytes(allByteValues(64), new TextEncoder().encode('\r\nOK\r\n+FTPGET: 1,0\r\n+++\x03\x10'));
    let offset = 0;
    new ScriptedModem(device, (command) => {
      if (command === 'ATE0') return 'ATE0\r\r\nOK\r\n';
      if (command === 'AT+FTPGET=1') return ['\r\nOK\r\n', '\r\n+CEREG: 1\r\n', '\r\n+FTPGET: 1,1\r\n'];
      const n = /^AT\+FTPGET=2,(\d+)$/.exec(command);
      if (n) {
        const part = payload.subarray(offset, offset + Number(n[1]));
        offset += part.length;
        return [`\r\n+FTPGET: 2,${part.length}\r\n`, part, '\r\nOK\r\n', ...(offset >= payload.length ? ['\r\n+FTPGET: 1,0\r\n'] : [])];
      }
      return '\r\nERROR\r\n';
    });
    const engine = new AtEngine(host);
    const urcs: string[] = [];
    engine.urc$.subscribe((u) => urcs.push(u));
    await engine.run({ text: 'ATE0' });
    const done = engine.waitForUrc('+FTPGET: 1,0', { timeoutMs: 10_000 });
    await engine.run({ text: 'AT+FTPGET=1', resultUrc: { match: '+FTPGET: 1,', timeoutMs: 5000 } });
    const parts: Uint8Array[] = [];
    while (offset < payload.length) {
      const res = await engine.run({ text: 'AT+FTPGET=2,1460', incoming: { dataAfter: lengthAnnouncedBy('+FTPGET: 2,', 1) } });
      parts.push(res.payload ?? new Uint8Array());
    }
    await done;
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
    expect(sha(concatBytes(...parts))).toBe(sha(payload));
    expect(urcs).toContain('+CEREG: 1');
  });

  it('refuses to open a device another program holds, quickly and clearly', async () => {
    const started = Date.now();
    const { openModem } = await import('../../src/modem/open-modem.js');
    await expect(openModem({ path: pair.a, drivers: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openModem({ path: pair.a, drivers: [{ vendor: 'x', matches: () => true, attach: async () => ({ connect: async () => undefined, openFtp: async () => { throw new Error('unused'); } }) }] })).rejects.toMatchObject({
      code: 'MODEM',
      message: expect.stringMatching(/cannot open .*lock/i),
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
