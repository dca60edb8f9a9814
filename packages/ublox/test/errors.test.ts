import { describe, expect, it } from 'vitest';
import { FtpError } from '@cellftp/core';
import { SARA_R4, SARA_R5, LARA_R6, UFTP_ERRORS, UFTPER_CLASSES, ublox, uftperError } from '../src/index.js';
import { ubloxProfileOf } from '../src/profiles.js';
import { FakeUblox, FTP, openFake } from './fake-module.js';

async function session(fake = new FakeUblox(), options = {}, driver = {}) {
  const modem = await openFake(fake, driver);
  await modem.connect({ apn: 'internet' });
  const ftp = await modem.ftp({ ...FTP, ...options });
  return { fake, modem, ftp };
}

describe('u-blox detection', () => {
  const id = (manufacturer: string, model: string) => ({ ati: [], manufacturer, model, revision: '' });
  it('picks the profile from AT+CGMM when AT+CGMI says u-blox', () => {
    expect(ubloxProfileOf(id('u-blox', 'SARA-R410M-02B'))).toBe(SARA_R4);
    expect(ubloxProfileOf(id('u-blox', 'SARA-R422S'))).toBe(SARA_R4);
    expect(ubloxProfileOf(id('u-blox', 'SARA-R404M'))).toBe(SARA_R4);
    expect(ubloxProfileOf(id('u-blox', 'SARA-R510M8S'))).toBe(SARA_R5);
    expect(ubloxProfileOf(id('u-blox', 'SARA-R500S'))).toBe(SARA_R5);
    expect(ubloxProfileOf(id('u-blox', 'LARA-R6001D'))).toBe(LARA_R6);
    expect(ubloxProfileOf(id('u-blox', 'LISA-U200'))).toBeUndefined();
    expect(ubloxProfileOf(id('Quectel', 'SARA-R410M'))).toBeUndefined();
  });
});

describe('+UFTPER class/code tables → neutral codes (R4-MAN App. A.6)', () => {
  it('every class 1 and 8 code maps as the table says, with both numbers in the message and 4xx/5xx as serverReply', async () => {
    for (const errorClass of [1, 8]) {
      for (const [code, [neutral, meaning]] of Object.entries(UFTP_ERRORS)) {
        const { fake, ftp, modem } = await session();
        fake.fail('AT+UFTPC=2,"x"', errorClass, Number(code));
        const error = (await ftp.remove('x').catch((e: unknown) => e)) as FtpError;
        expect(error).toBeInstanceOf(FtpError);
        expect({ code: error.code, vendorCode: error.vendorCode }).toEqual({ code: neutral, vendorCode: Number(code) });
        expect(error.message).toBe(`AT+UFTPC=2,"x": ${meaning} (u-blox +UFTPER: ${errorClass},${code})`);
        expect(error.serverReply).toBe(Number(code) >= 400 && Number(code) <= 599 ? Number(code) : undefined);
        // 33 "not logged in", 62 "not connected" and the server's 421 end the login: later calls are CLOSED.
        if ([33, 62, 421].includes(Number(code))) await expect(ftp.remove('y')).rejects.toMatchObject({ code: 'CLOSED' });
        else await ftp.remove('y');
        await modem.close();
      }
    }
  });

  it('other classes decide by class: 4 flash MODEM, 5 DNS, 6 socket NETWORK, 7 MODEM, 11 INVALID_ARGUMENT, 12 MODEM', () => {
    for (const [errorClass, [neutral, meaning]] of Object.entries(UFTPER_CLASSES)) {
      if (errorClass === '1' || errorClass === '8') continue;
      const error = uftperError(Number(errorClass), 104, { command: 'AT+UFTPC=1' });
      expect(error.code).toBe(neutral);
      expect(error.message).toBe(`AT+UFTPC=1: ${meaning} 104 (u-blox +UFTPER: ${errorClass},104)`);
      expect(error.serverReply).toBeUndefined();
    }
  });

  it('login failures: 1,34 and 1,530 AUTH_FAILED, 1,48 DNS, 1,22 NETWORK, 8,63 TLS (IADG §8); the password in no message', async () => {
    for (const [errorClass, code, neutral] of [[1, 34, 'AUTH_FAILED'], [1, 530, 'AUTH_FAILED'], [1, 48, 'DNS'], [1, 22, 'NETWORK'], [8, 63, 'TLS'], [5, 2, 'DNS']] as const) {
      const fake = new FakeUblox();
      fake.fail('AT+UFTPC=1', errorClass, code);
      const modem = await openFake(fake);
      const error = await modem.ftp({ ...FTP }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: neutral, vendorCode: code });
      expect((error as Error).message).toContain(`u-blox +UFTPER: ${errorClass},${code}`);
      expect((error as Error).message).not.toContain('secret');
      await modem.close();
    }
  });

  it('a +UFTPER that cannot be read leaves the +UUFTPCR failure as it was', async () => {
    const { fake, ftp, modem } = await session();
    fake.fail('AT+UFTPC=2,"x"', 1, 35).on('AT+UFTPER', '\r\nERROR\r\n');
    await expect(ftp.remove('x')).rejects.toMatchObject({ code: 'MODEM', message: expect.stringContaining('+UUFTPCR: <op>,0') });
    await modem.close();
  });
});

describe('refused before anything is written', () => {
  it('paths with a quote, CR, LF, NUL or over 256 bytes; host > 128, user/password > 30', async () => {
    const { fake, ftp, modem } = await session();
    const mark = fake.modem.written.length;
    for (const bad of ['a"b', 'a\rb', 'a\nb', 'a\0b', 'x'.repeat(257)]) {
      await expect(ftp.remove(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ftp.uploadFrom(Buffer.from('x'), bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(fake.modem.written.length).toBe(mark);
    for (const bad of [{ host: 'h'.repeat(129) }, { user: 'u'.repeat(31) }, { password: 'p'.repeat(31) }]) {
      await expect(modem.ftp({ ...FTP, ...bad })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(fake.modem.written.length).toBe(mark);
    await modem.close();
  });

  it('a staging name with a quote or over 248 characters, a security profile out of 0–4', () => {
    expect(() => ublox({ stagingName: 'a"b' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => ublox({ stagingName: 'n'.repeat(249) })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => ublox({ tlsProfile: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('FTPS: implicit, SARA-R4 (data in clear), R410M-01B (none), unverified without a tlsProfile', async () => {
    const cases: Array<[string, object, string, string]> = [
      ['SARA-R510S-01B', { secure: 'implicit', dangerouslyAcceptAnyCertificate: true }, 'UNSUPPORTED', 'explicit FTPS only'],
      ['SARA-R410M-02B', { secure: 'explicit', dangerouslyAcceptAnyCertificate: true }, 'UNSUPPORTED', 'in clear'],
      ['SARA-R410M-01B', { secure: 'explicit', dangerouslyAcceptAnyCertificate: true }, 'UNSUPPORTED', 'has no AT+UFTP=8'],
      ['SARA-R510S-01B', { secure: 'explicit' }, 'INVALID_ARGUMENT', 'ublox({ tlsProfile })'],
    ];
    for (const [model, options, code, text] of cases) {
      const fake = new FakeUblox(model);
      const modem = await openFake(fake);
      const mark = fake.modem.written.length;
      await expect(modem.ftp({ ...FTP, ...options })).rejects.toMatchObject({ code, message: expect.stringContaining(text) });
      expect(fake.modem.written.length).toBe(mark);
      await modem.close();
    }
  });

  it('verified FTPS names the prepared security profile; data channel encrypted on SARA-R5', async () => {
    const fake = new FakeUblox();
    const modem = await openFake(fake, { tlsProfile: 2 });
    const mark = fake.modem.written.length;
    await modem.ftp({ ...FTP, secure: 'explicit' });
    expect(fake.wireSince(mark)).toContain('AT+UFTP=5,0\rAT+UFTP=8,1,2\rAT+UFTP=12,1\rAT+UFTPC=1\r');
    await modem.close();
  });
});

describe('file-system and transfer failures', () => {
  it('staging fetch failure (1,550) is NOT_FOUND and the staged file is still removed', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    fake.on('AT+UFTPC=13,"gone.bin"', ['\r\nOK\r\n\r\n+UUFTPCD: 13,44,"', '-rw-r--r-- 1 ftp ftp 10 Aug 5 09:12 gone.bin\r\n', '"\r\n\r\n+UUFTPCR: 13,1\r\n']);
    const { ftp, modem } = await session(fake);
    const error = await ftp.downloadTo(new (await import('node:stream')).PassThrough(), 'gone.bin').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', vendorCode: 550, serverReply: 550 });
    expect((error as Error).message).toContain('resume with startAt: 0');
    expect(fake.modem.commands.at(-1)).toBe('AT+UDELFILE="cellftp.tmp"');
    await modem.close();
  });

  it('a staged file of another size than LIST said is PROTOCOL, removed', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    fake.remote.set('f.bin', Buffer.alloc(9));
    fake.on('AT+UFTPC=13,"f.bin"', ['\r\nOK\r\n\r\n+UUFTPCD: 13,41,"', '-rw-r--r-- 1 ftp ftp 10 Aug 5 09:12 f.bin\r\n', '"\r\n\r\n+UUFTPCR: 13,1\r\n']);
    const { ftp, modem } = await session(fake);
    await expect(ftp.downloadTo(new (await import('node:stream')).PassThrough(), 'f.bin')).rejects.toMatchObject({ code: 'PROTOCOL', message: expect.stringContaining('stored 9 bytes') });
    expect(fake.flash.size).toBe(0);
    await modem.close();
  });

  it('AT+UDWNFILE refused for space: a MODEM error naming the size; nothing stored', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    const { ftp, modem } = await session(fake);
    fake.on('AT+ULSTFILE=1', '\r\n+ULSTFILE: 999999\r\n\r\nOK\r\n');
    fake.free = 10;
    const error = await ftp.uploadFrom(Buffer.alloc(100), 'u.bin').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEM', message: expect.stringContaining('NOT ENOUGH FREE SPACE') });
    expect(fake.remote.has('u.bin')).toBe(false);
    await modem.close();
  });

  it('a firmware that answers ERROR to direct link (AT+UFTPC=6) falls back to fs and remembers it', async () => {
    const fake = new FakeUblox();
    fake.remote.set('f.bin', Buffer.from('0123456789'));
    fake.on('AT+UFTPC=13,"f.bin"', ['\r\nOK\r\n\r\n+UUFTPCD: 13,42,"', '-rw-r--r-- 1 ftp ftp 10 Aug 5 09:12 f.bin\r\n\r\n', '"\r\n\r\n+UUFTPCR: 13,1\r\n']);
    fake.on('AT+UFTPC=6,', '\r\nERROR\r\n');
    const { ftp, modem } = await session(fake, { downloadStrategy: 'direct' });
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    await ftp.downloadTo(out, 'f.bin');
    expect(out.read()?.toString()).toBe('0123456789');
    const mark = fake.modem.commands.length;
    await ftp.downloadTo(new PassThrough(), 'f.bin');
    expect(fake.modem.commands.slice(mark).some((c) => c.startsWith('AT+UFTPC=6'))).toBe(false);
    await modem.close();
  });
});

describe('a restart seen as silence (a SARA prints no start-up line)', () => {
  it('after a timeout AT+CMEE? at its default means the module restarted: MODEM, session closed, AT+CMEE=2 again', async () => {
    const fake = new FakeUblox();
    const { ftp, modem } = await session(fake, { timeoutMs: 300 });
    fake.on('AT+UFTPC=2,"x"', '\r\nOK\r\n').on('AT+CMEE?', '\r\n+CMEE: 0\r\n\r\nOK\r\n');
    const error = await ftp.remove('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEM', message: expect.stringContaining('the module restarted (AT+CMEE? answers 0') });
    expect(fake.modem.commands.slice(-2)).toEqual(['AT+CMEE?', 'AT+CMEE=2']);
    await expect(ftp.remove('y')).rejects.toMatchObject({ code: 'CLOSED' });
    await modem.close();
  });

  it('a module still at AT+CMEE=2 keeps the timeout', async () => {
    const fake = new FakeUblox();
    const { ftp, modem } = await session(fake, { timeoutMs: 300 });
    fake.on('AT+UFTPC=2,"x"', '\r\nOK\r\n');
    await expect(ftp.remove('x')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await modem.close();
  });
});
