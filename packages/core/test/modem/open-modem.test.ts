import { describe, expect, it } from 'vitest';
import { openModem } from '../../src/modem/open-modem.js';
import type { ModemDriver } from '../../src/modem/types.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import { FakeOps } from '../support/fake-ops.js';

const ANSWERS: Record<string, string> = {
  ATI: '\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR02A09M4G\r\n\r\nOK\r\n',
  'AT+CGMI': '\r\nQuectel\r\n\r\nOK\r\n',
  'AT+CGMM': '\r\nEC25\r\n\r\nOK\r\n',
  'AT+CGMR': '\r\nEC25EFAR02A09M4G\r\n\r\nOK\r\n',
};

function fakeDriver(vendor: string, test: RegExp, ops = new FakeOps()): ModemDriver {
  return {
    vendor,
    matches: (id) => test.test(id.manufacturer),
    attach: async () => ({ connect: async () => undefined, openFtp: async () => ops }),
  };
}

describe('openModem', () => {
  it('synchronises through start-up noise and echo, identifies and picks the driver', async () => {
    const { host, device } = createMemoryLink();
    let echo = true;
    const modem = new ScriptedModem(device, (c) => {
      const e = echo ? `${c}\r` : '';
      if (c === 'ATE0') echo = false;
      return e + (ANSWERS[c] ?? '\r\nOK\r\n');
    });
    modem.send('\r\nRDY\r\n\r\n+CFUN: 1\r\n');
    const m = await openModem({ transport: host, drivers: [fakeDriver('simcom', /SIMCOM/i), fakeDriver('quectel', /Quectel/)] });
    expect(m.info).toEqual({ vendor: 'quectel', manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR02A09M4G' });
    expect(modem.commands).toEqual(['AT', 'ATE0', 'ATI', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR']);
    await m.close();
    expect(host.closed).toBe(true);
  });

  it('fails an unknown module with an error quoting its answers, and closes the port', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, (c) => (c === 'AT+CGMI' ? '\r\nACME\r\n\r\nOK\r\n' : c === 'AT+CGMM' ? '\r\nX1\r\n\r\nOK\r\n' : '\r\nOK\r\n'));
    await expect(openModem({ transport: host, drivers: [fakeDriver('quectel', /Quectel/)] })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('AT+CGMI "ACME", AT+CGMM "X1"'),
    });
    expect(host.closed).toBe(true);
  });

  it('fails fast with a clear error for a missing device', async () => {
    await expect(openModem({ path: '/dev/does-not-exist-cellftp', drivers: [fakeDriver('q', /./)] })).rejects.toMatchObject({
      code: 'MODEM',
      message: expect.stringContaining('/dev/does-not-exist-cellftp'),
    });
  });

  it('validates FTP options: port range and injected characters, password never echoed', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, (c) => ANSWERS[c] ?? '\r\nOK\r\n');
    const m = await openModem({ transport: host, drivers: [fakeDriver('quectel', /Quectel/)] });
    await expect(m.ftp({ host: '127.0.0.1', port: 70000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('port') });
    const err = await m.ftp({ host: '127.0.0.1', password: 'pw"\r\nAT+CFUN=0' }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(String((err as Error).message)).not.toContain('CFUN');
    await expect(m.ftp({ url: 'http://x/' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const ftp = await m.ftp({ url: 'ftp://u:p%40ss@127.0.0.1:2121/' });
    expect(ftp.capabilities.downloadStrategies).toEqual(['fake']);
    await m.close();
  });
});
