import { FtpError, type ModemIdentity } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quectel } from '../src/index.js';
import { commandsSent, ftpOptions, startRig, startTestFtpServer, writtenText, type Rig, type RunningTestFtpServer } from './support/harness.js';

let server: RunningTestFtpServer;
let rig: Rig;
beforeAll(async () => {
  server = await startTestFtpServer();
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
  await server?.stop();
});

const fail = (p: Promise<unknown>): Promise<FtpError> => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as FtpError);

describe('detection (VENDOR-FACTS §B.8)', () => {
  const id = (manufacturer: string, model: string, ati: string[] = []): ModemIdentity => ({ manufacturer, model, revision: '', ati });
  it.each([
    [id('Quectel', 'EC25'), true],
    [id('Quectel', 'EG25', ['Quectel', 'EG25', 'Revision: EG25GGBR07A08M2G']), true],
    [id('QUECTEL', 'EM05'), true],
    [id('Quectel', 'EC21'), true],
    // The LPWA family has profiles (issue 16); EC200U/EG915U have no FTP documents and stay unknown.
    [id('Quectel', 'BG96'), true],
    [id('Quectel', 'BG95-M3'), true],
    [id('Quectel', 'BG77'), true],
    [id('', '', ['Quectel', 'BG96', 'Revision: BG96MAR02A07M1G']), true],
    [id('Quectel', 'EC200U'), false],
    [id('Quectel', 'EG915U'), false],
    [id('SIMCOM_Ltd', 'SIMCOM_SIM7080'), false],
    [id('', '', ['Quectel', 'EC25', 'Revision: x']), true],
  ])('%o → %s', (identity, expected) => {
    expect(quectel().matches(identity)).toBe(expected);
  });
  it('identifies the virtual EC25 and prepares it', () => {
    expect(rig.modem.info).toMatchObject({ vendor: 'quectel', manufacturer: 'Quectel', model: 'EC25' });
    expect(commandsSent(rig)).toContain('AT+CMEE=1');
  });
});

describe('PDP context', () => {
  it('reuses an active context: only AT+QIACT? is written', async () => {
    const from = rig.written.length;
    await rig.modem.connect({ apn: 'internet' });
    expect(writtenText(rig, from)).toBe('AT+QIACT?\r');
  });
  it('configures credentials (redacted in traces) and activates another context', async () => {
    const from = rig.written.length;
    await rig.modem.connect({ apn: 'corp', user: 'alice', password: 's3cret', contextId: 2 });
    expect(writtenText(rig, from)).toBe('AT+QIACT?\rAT+QICSGP=2,1,"corp","alice","s3cret",3\rAT+QIACT=2\rAT+QIACT?\r');
    expect(rig.trace.map((e) => e.text).join('\n')).not.toContain('s3cret');
    expect(commandsSent(rig)).toContain('AT+QICSGP=2,1,"corp","***","***",3');
  });
  it('refuses context 0 (Quectel ids are 1–16)', async () => {
    expect((await fail(rig.modem.connect({ apn: 'x', contextId: 0 }))).code).toBe('INVALID_ARGUMENT');
  });
});

describe('opening a session', () => {
  it('writes the AN §1.3 configuration, redacting the account', async () => {
    const from = rig.written.length;
    const ftp = await rig.modem.ftp(ftpOptions(server, { timeoutMs: 30_000 }));
    expect(writtenText(rig, from)).toBe(
      'AT+QFTPSTAT\r' +
        'AT+QFTPCFG="contextid",2\r' +
        `AT+QFTPCFG="account","${server.user}","${server.password}"\r` +
        'AT+QFTPCFG="filetype",0\r' +
        'AT+QFTPCFG="transmode",1\r' +
        'AT+QFTPCFG="rsptimeout",30\r' +
        'AT+QFTPCFG="ssltype",0\r' +
        'AT+QFTPCFG="data_address",0\r' +
        `AT+QFTPOPEN="127.0.0.1",${server.port}\r`,
    );
    expect(commandsSent(rig)).toContain('AT+QFTPCFG="account","***","***"');
    // close completes asynchronously (+QFTPCLOSE after OK): a new session opens right after.
    await ftp.close();
    expect(ftp.closed).toBe(true);
    expect((await fail(ftp.pwd())).code).toBe('CLOSED');
    const again = await rig.modem.ftp(ftpOptions(server));
    expect(await again.pwd()).toBe('/');
    await again.close();
  });

  it('a module left logged in is logged out first', async () => {
    await rig.modem.ftp(ftpOptions(server)); // never closed
    const ftp = await rig.modem.ftp(ftpOptions(server));
    expect(await ftp.pwd()).toBe('/');
    await ftp.close();
  });

  it('a wrong password is AUTH_FAILED with server reply 530 (vendor code 625)', async () => {
    const error = await fail(rig.modem.ftp(ftpOptions(server, { password: 'wrong' })));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', serverReply: 530, vendorCode: 625 });
    expect(error.command).toBe(`AT+QFTPOPEN="127.0.0.1",${server.port}`);
    expect(error.message).not.toContain('wrong');
  });

  it('a host that does not resolve is DNS (604)', async () => {
    rig.vm.faults.dnsFailure = true;
    try {
      const error = await fail(rig.modem.ftp(ftpOptions(server, { host: 'ftp.invalid' })));
      expect(error).toMatchObject({ code: 'DNS', vendorCode: 604 });
    } finally {
      delete rig.vm.faults.dnsFailure;
    }
  });

  it('useControlAddressForData sets data_address 1', async () => {
    const from = rig.written.length;
    const ftp = await rig.modem.ftp(ftpOptions(server, { useControlAddressForData: true }));
    expect(writtenText(rig, from)).toContain('AT+QFTPCFG="data_address",1\r');
    await ftp.close();
  });
});
