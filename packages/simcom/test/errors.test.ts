import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError, type FtpErrorCode, type ModemIdentity } from '@cellftp/core';
import { SIMCOM_FTP_ERRORS, simcom, simcomError } from '../src/index.js';
import { startRig, type Rig } from './harness.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

const failure = async (p: Promise<unknown>): Promise<FtpError> => {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FtpError);
  return error as FtpError;
};

describe('failures the user can act on', () => {
  it('a wrong password fails at ftp() with AUTH_FAILED (error 72), secrets never shown', async () => {
    const error = await failure(rig.ftp({ password: 'wrong-secret' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.vendorCode).toBe(72);
    expect(rig.trace.some((e) => e.text.includes('wrong-secret'))).toBe(false);
    expect(rig.commands()).toContain('AT+FTPPW="***"');
  });

  it('a host that does not resolve fails with DNS (error 62)', async () => {
    rig.vm.faults.dnsFailure = true;
    try {
      const error = await failure(rig.ftp({ host: 'ftp.invalid' }));
      expect(error.code).toBe('DNS');
      expect(error.vendorCode).toBe(62);
    } finally {
      rig.vm.faults.dnsFailure = false;
    }
  });

  it('a refused data connection fails with DATA_CONNECTION and the session stays usable', async () => {
    await writeFile(join(rig.server.root, 'dc.bin'), 'data');
    const ftp = await rig.ftp({ downloadStrategy: 'chunked' });
    rig.vm.faults.refuseDataConnection = true;
    try {
      const error = await failure(ftp.size('dc.bin').then(() => ftp.list()));
      expect(error.code).toBe('DATA_CONNECTION');
    } finally {
      rig.vm.faults.refuseDataConnection = false;
    }
    expect(await ftp.size('dc.bin')).toBe(4);
    await ftp.close();
  });

  it('error 66 from an operation left running is not surfaced: the driver waits for it', async () => {
    await writeFile(join(rig.server.root, 'busy.txt'), 'busy');
    const ftp = await rig.ftp({ timeoutMs: 1500 });
    // Another program (or a lost host) opened a listing and never read it: the slot stays taken.
    await rig.modem.engine.run({ text: 'AT+FTPLIST=1' });
    rig.clearTrace();
    expect(await ftp.size('busy.txt')).toBe(4);
    const sent = rig.commands();
    expect(sent).toContain('AT+FTPSTATE');
    expect(sent).toContain('AT+FTPQUIT');
    expect(sent.filter((c) => c === 'AT+FTPSIZE')).toHaveLength(2);
    await ftp.close();
  });

  it('openFtp quits a session that an earlier program left running', async () => {
    await rig.modem.engine.run({ text: 'AT+FTPLIST=1' });
    rig.clearTrace();
    const ftp = await rig.ftp();
    expect(rig.commands().slice(0, 3)).toEqual(['AT+CNACT?', 'AT+FTPSTATE', 'AT+FTPQUIT']);
    await ftp.close();
  });
});

describe('input validation: INVALID_ARGUMENT before anything is written', () => {
  const hostile = ['a"b.txt', 'a\r\nAT+FTPDELE', 'x;y', 'a\u0000b', `${'n'.repeat(65)}.bin`, `/${'d/'.repeat(130)}f`];

  it.each(hostile)('refuses the path %j', async (path) => {
    const ftp = await rig.ftp();
    rig.clearTrace();
    for (const call of [ftp.size(path), ftp.downloadTo(join(rig.server.root, 'x'), path), ftp.uploadFrom(Buffer.from('x'), path), ftp.cd(path), ftp.rename('ok.txt', path)]) {
      expect((await failure(call)).code).toBe('INVALID_ARGUMENT');
    }
    expect(rig.trace.filter((e) => e.dir === 'tx')).toEqual([]);
    await ftp.close();
  });

  it('refuses a resolved path longer than FTPGETPATH allows (255) though the given one is short', async () => {
    const ftp = await rig.ftp();
    const deep = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(60)).join('/');
    await failure(ftp.cd(deep)); // not there: NOT_FOUND, but ensures the cwd stays '/'
    rig.clearTrace();
    const error = await failure(ftp.size(`${deep}/f.bin`));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(rig.trace.filter((e) => e.dir === 'tx')).toEqual([]);
    await ftp.close();
  });

  it.each([
    ['host', { host: 'h'.repeat(50) }],
    ['user', { user: 'u'.repeat(50) }],
    ['password', { password: 'p'.repeat(50) }],
    ['quote in password', { password: 'a"b' }],
    ['strategy', { downloadStrategy: 'teleport' }],
    ['FTPS without a CA', { secure: 'explicit' as const }],
  ])('refuses an invalid %s in ftp() options', async (_what, options) => {
    rig.clearTrace();
    expect((await failure(rig.ftp(options))).code).toBe('INVALID_ARGUMENT');
    expect(rig.trace.filter((e) => e.dir === 'tx')).toEqual([]);
  });

  it('refuses a SIMCom contextId beyond 3', async () => {
    expect((await failure(rig.modem.connect({ apn: 'internet', contextId: 5 }))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('codes table and detection', () => {
  it('maps every documented <error> (61–66, 70–80, 90–94) with its vendorCode', () => {
    const documented = [61, 62, 63, 64, 65, 66, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 90, 91, 92, 93, 94];
    expect(Object.keys(SIMCOM_FTP_ERRORS).map(Number).sort((a, b) => a - b)).toEqual(documented);
    const expected: Record<number, FtpErrorCode> = { 62: 'DNS', 64: 'TIMEOUT', 71: 'AUTH_FAILED', 72: 'AUTH_FAILED', 75: 'DATA_CONNECTION', 80: 'ABORTED', 90: 'TLS' };
    for (const [n, c] of Object.entries(expected)) {
      const error = simcomError(Number(n), 'AT+FTPGET=1');
      expect(error.code).toBe(c);
      expect(error.vendorCode).toBe(Number(n));
    }
    expect(simcomError(77, 'AT+FTPSIZE', { missingMeansNotFound: true }).code).toBe('NOT_FOUND');
    expect(simcomError(77, 'AT+FTPMKD').code).toBe('SERVER');
    expect(simcomError(85, 'AT+FTPGET=1').code).toBe('MODEM');
  });

  it('recognises SIM7070/7080/7090 by CGMI/CGMM, not ATI', () => {
    const id = (manufacturer: string, model: string, ati: string[] = []): ModemIdentity => ({ ati, manufacturer, model, revision: '' });
    const driver = simcom();
    expect(driver.matches(id('SIMCOM_Ltd', 'SIMCOM_SIM7080'))).toBe(true);
    expect(driver.matches(id('SIMCOM INCORPORATED', 'SIMCOM_SIM7080G'))).toBe(true);
    expect(driver.matches(id('SIMCOM_Ltd', 'SIM7070G'))).toBe(true);
    expect(driver.matches(id('SIMCOM_Ltd', 'SIMCOM_SIM7090'))).toBe(true);
    expect(driver.matches(id('SIMCOM_Ltd', 'SIMCOM_SIM7000G'))).toBe(false);
    expect(driver.matches(id('Quectel', 'EC25', ['Quectel', 'EC25']))).toBe(false);
    expect(driver.matches(id('', '', ['SIMCOM_SIM7080G']))).toBe(false);
    expect(rig.modem.info).toMatchObject({ vendor: 'simcom', manufacturer: 'SIMCOM_Ltd', model: 'SIMCOM_SIM7080' });
  });
});
