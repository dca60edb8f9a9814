import { describe, expect, it } from 'vitest';
import { FtpError } from '@cellftp/core';
import { A76XX, cftpsProfileOf, SIM7600, SIM767X } from '../../src/cftps/index.js';
import { FakeCftps, frames, FTP, openFake } from './fake-module.js';

async function session(fake = new FakeCftps(), options = {}) {
  const modem = await openFake(fake);
  await modem.connect({ apn: 'internet' });
  const mark = fake.modem.written.length;
  const ftp = await modem.ftp({ ...FTP, ...options });
  return { fake, modem, ftp, mark };
}

describe('AT+CFTPS* detection', () => {
  const id = (manufacturer: string, model: string) => ({ ati: [], manufacturer, model, revision: '' });
  it('picks the profile from AT+CGMM and leaves SIM70x0 to the AT+FTP* dialect', () => {
    expect(cftpsProfileOf(id('SIMCOM INCORPORATED', 'A7670E-LASE'))).toBe(A76XX);
    expect(cftpsProfileOf(id('SIMCOM INCORPORATED', 'A7608SA-H'))).toBe(A76XX);
    expect(cftpsProfileOf(id('SIMCOM INCORPORATED', 'SIMCOM_SIM7600G-H'))).toBe(SIM7600);
    expect(cftpsProfileOf(id('SIMCOM INCORPORATED', 'SIMCOM_SIM7500E'))).toBe(SIM7600);
    expect(cftpsProfileOf(id('SIMCOM INCORPORATED', 'SIM7670G-MNGV'))).toBe(SIM767X);
    expect(cftpsProfileOf(id('SIMCOM_Ltd', 'SIMCOM_SIM7080'))).toBeUndefined();
    expect(cftpsProfileOf(id('Quectel', 'A7670'))).toBeUndefined();
  });
});

describe('AT+CFTPS* errors and state rules (scripted)', () => {
  it('a failure after OK maps through the code table', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSCWD="nope"', '\r\nOK\r\n\r\n+CFTPSCWD: 17\r\n');
    const error = await ftp.cd('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FtpError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', vendorCode: 17, serverReply: undefined });
    expect((error as Error).message).toBe('AT+CFTPSCWD="nope": file error, file not exist or other error (SIMCom 17)');
    await modem.close();
  });

  it('a failure before ERROR (+CFTPSCWD: <err> then ERROR) does not answer the next command', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSCWD="bad"', '\r\n+CFTPSCWD: 8\r\n\r\nERROR\r\n');
    fake.on('AT+CFTPSPWD', '\r\nOK\r\n\r\n+CFTPSPWD: "/"\r\n');
    await expect(ftp.cd('bad')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', vendorCode: 8 });
    expect(await ftp.pwd()).toBe('/');
    await modem.close();
  });

  it('login failures: 9 is the server refusing the login (AUTH_FAILED), 14 the control connection (NETWORK), 12 DNS, 1 TLS', async () => {
    for (const [code, neutral] of [[14, 'NETWORK'], [12, 'DNS'], [1, 'TLS'], [9, 'AUTH_FAILED']] as const) {
      const fake = new FakeCftps();
      fake.on('AT+CFTPSLOGIN=', `\r\nOK\r\n\r\n+CFTPSLOGIN: ${code}\r\n`);
      const modem = await openFake(fake);
      await modem.connect({ apn: 'internet' });
      const error = await modem.ftp({ ...FTP }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: neutral, vendorCode: code });
      // The password never reaches an error message.
      expect((error as Error).message).not.toContain('secret');
      await modem.close();
    }
  });

  it('+CFTPSERRORBUF (A76xx) puts the server\'s own words into the error', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSMKD=', '\r\nOK\r\n\r\n+CFTPSERRORBUF: "550 Permission denied"\r\n\r\n+CFTPSMKD: 9\r\n');
    const error = await ftp.makeDir('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERVER', vendorCode: 9 });
    expect((error as Error).message).toBe('AT+CFTPSMKD="x": operation rejected by server (SIMCom 9) (server said: 550 Permission denied)');
    await modem.close();
  });

  it('421 ends the login: the session is closed and says why', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSMKD=', '\r\nOK\r\n\r\n+CFTPSMKD: 421\r\n');
    await expect(ftp.makeDir('x')).rejects.toMatchObject({ code: 'NETWORK', vendorCode: 421 });
    expect(ftp.closed).toBe(true);
    await expect(ftp.pwd()).rejects.toMatchObject({ code: 'CLOSED' });
    await modem.close();
  });

  it('+CFTPSNOTIFY: PEER CLOSED ends the session; the next ftp() logs out and stops before starting again', async () => {
    const { fake, ftp, modem } = await session();
    fake.modem.send('\r\n+CFTPSNOTIFY: PEER CLOSED\r\n');
    await new Promise((r) => setTimeout(r, 10));
    expect(ftp.closed).toBe(true);
    const error = await ftp.pwd().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLOSED' });
    expect((error as Error).message).toContain('PEER CLOSED');
    await ftp.close();
    // The module still holds the service (and, after PEER CLOSED, wants a logout): START is refused.
    fake.on('AT+CFTPSSTART', () => (fake.modem.commands.filter((c) => c === 'AT+CFTPSSTOP').length === 0 ? '\r\nOK\r\n\r\n+CFTPSSTART: 11\r\n' : '\r\nOK\r\n\r\n+CFTPSSTART: 0\r\n'));
    const mark = fake.modem.written.length;
    const again = await modem.ftp({ ...FTP });
    expect(fake.wireSince(mark).startsWith('AT+CFTPSSTART\rAT+CFTPSLOGOUT\rAT+CFTPSSTOP\rAT+CFTPSSTART\r')).toBe(true);
    expect(again.closed).toBe(false);
    await modem.close();
  });

  it('busy (3) is retried after a back-off', async () => {
    const { fake, ftp, modem } = await session();
    let tries = 0;
    fake.on('AT+CFTPSDELE=', () => (++tries < 3 ? '\r\nOK\r\n\r\n+CFTPSDELE: 3\r\n' : '\r\nOK\r\n\r\n+CFTPSDELE: 0\r\n'));
    fake.on('AT+CFTPSLOGIN?', '\r\n+CFTPSLOGIN: 1\r\n\r\nOK\r\n');
    await ftp.remove('a');
    expect(tries).toBe(3);
    await modem.close();
  });

  it('a service left started: logout, stop, start again, then login', async () => {
    const fake = new FakeCftps();
    let starts = 0;
    fake.on('AT+CFTPSSTART', () => (++starts === 1 ? '\r\nOK\r\n\r\n+CFTPSSTART: 11\r\n' : '\r\nOK\r\n\r\n+CFTPSSTART: 0\r\n'));
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    const mark = fake.modem.written.length;
    await modem.ftp({ ...FTP });
    expect(fake.wireSince(mark)).toBe('AT+CFTPSSTART\rAT+CFTPSLOGOUT\rAT+CFTPSSTOP\rAT+CFTPSSTART\rAT+CFTPSSINGLEIP=0\rAT+CFTPSMODE=1\rAT+CFTPSLOGIN="ftp.example.com",21,"user","secret",0\rAT+CFTPSTYPE=I\r');
    await modem.close();
  });

  it('rename is UNSUPPORTED naming the family; lastMod comes from the LIST line and capabilities say so', async () => {
    const { fake, ftp, modem } = await session();
    expect(ftp.capabilities).toMatchObject({ lastModFromListing: true, rename: false });
    await expect(ftp.rename('a', 'b')).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('A76xx') });
    fake.on('AT+CFTPSLIST="a.txt"', frames('CFTPSLIST', [Buffer.from('-rw-r--r-- 1 ftp ftp 3 Jan 13 2020 a.txt\r\n')]));
    const mark = fake.modem.written.length;
    expect((await ftp.lastMod('a.txt')).toISOString()).toBe('2020-01-13T00:00:00.000Z');
    expect(fake.wireSince(mark)).toBe('AT+CFTPSLIST="a.txt"\r');
    fake.on('AT+CFTPSLIST="gone"', '\r\nOK\r\n\r\n+CFTPSLIST: 9\r\n');
    await expect(ftp.lastMod('gone')).rejects.toMatchObject({ code: 'NOT_FOUND', vendorCode: 9 });
    // A directory holding one file lists that file: it is not the directory's entry.
    fake.on('AT+CFTPSLIST="dir"', frames('CFTPSLIST', [Buffer.from('-rw-r--r-- 1 ftp ftp 3 Jan 13 2020 inner.txt\r\n')]));
    await expect(ftp.lastMod('dir')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const sim = await session(new FakeCftps('SIMCOM_SIM7600G-H'));
    await expect(sim.ftp.rename('a', 'b')).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('SIM7600') });
    await sim.modem.close();
    await modem.close();
  });

  it('9 "rejected by server" on a command naming a path is NOT_FOUND (the server\'s 550)', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSDELE=', '\r\nOK\r\n\r\n+CFTPSDELE: 9\r\n');
    fake.on('AT+CFTPSMKD=', '\r\nOK\r\n\r\n+CFTPSMKD: 9\r\n');
    await expect(ftp.remove('x')).rejects.toMatchObject({ code: 'NOT_FOUND', vendorCode: 9 });
    await expect(ftp.makeDir('x')).rejects.toMatchObject({ code: 'SERVER', vendorCode: 9 });
    await modem.close();
  });

  it('names longer than the family allows are refused before anything is written', async () => {
    const { fake, ftp, modem } = await session();
    const mark = fake.modem.written.length;
    await expect(ftp.cd('d'.repeat(113))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(fake.wireSince(mark)).toBe('');
    await modem.close();
  });

  it('active mode: CFTPSMODE=0 on A76xx, UNSUPPORTED on SIM7600', async () => {
    const a = await session(new FakeCftps(), { passive: false });
    expect(a.fake.wireSince(a.mark)).toContain('AT+CFTPSMODE=0\r');
    await a.modem.close();
    const fake = new FakeCftps('SIMCOM_SIM7600G-H');
    const modem = await openFake(fake);
    await expect(modem.ftp({ ...FTP, passive: false })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('SIM7600') });
    await modem.close();
  });
});

describe('AT+CFTPS* FTPS (scripted)', () => {
  it('A76xx: CA uploaded, context verifying (authmode 1), bound to control and data, implicit = server_type 3', async () => {
    const fake = new FakeCftps();
    let cert = '';
    fake.on('AT+CCERTDOWN=', () => {
      fake.modem.raw((chunk) => {
        cert += Buffer.from(chunk).toString('latin1');
        if (cert.length >= 11) {
          fake.modem.raw(undefined);
          fake.modem.send('\r\nOK\r\n');
        }
      });
      return '\r\n>';
    });
    const modem = await openFake(fake, { ca: '-----CA----', sslContext: 2 });
    await modem.connect({ apn: 'internet' });
    const mark = fake.modem.written.length;
    await modem.ftp({ ...FTP, port: 990, secure: 'implicit' });
    expect(cert).toBe('-----CA----');
    expect(fake.wireSince(mark)).toBe(
      'AT+CFTPSSTART\rAT+CFTPSSINGLEIP=0\rAT+CFTPSMODE=1\rAT+CCERTDOWN="cellftp-ca.pem",11\r-----CA----' +
        'AT+CSSLCFG="sslversion",2,4\rAT+CSSLCFG="authmode",2,1\rAT+CSSLCFG="cacert",2,"cellftp-ca.pem"\rAT+CSSLCFG="enableSNI",2,1\r' +
        'AT+CFTPSSLCFG=0,2\rAT+CFTPSSLCFG=1,2\rAT+CFTPSLOGIN="ftp.example.com",990,"user","secret",3\rAT+CFTPSTYPE=I\r',
    );
    // Once per attach: the next session binds the CA already on the module.
    const again = fake.modem.written.length;
    await modem.ftp({ ...FTP, port: 990, secure: 'implicit' });
    expect(fake.wireSince(again)).not.toContain('CCERTDOWN');
    expect(fake.wireSince(again)).toContain('AT+CSSLCFG="cacert",2,"cellftp-ca.pem"\r');
    await modem.close();
  });

  it('A76xx explicit with a CA already on the module: server_type 2 (AUTH TLS)', async () => {
    const a = await (async () => {
      const fake = new FakeCftps();
      const modem = await openFake(fake, { caName: 'server-ca.pem' });
      const mark = fake.modem.written.length;
      await modem.ftp({ ...FTP, secure: 'explicit' });
      return { fake, modem, wire: fake.wireSince(mark) };
    })();
    expect(a.wire).toContain('AT+CSSLCFG="cacert",1,"server-ca.pem"\r');
    expect(a.wire).toContain('AT+CFTPSLOGIN="ftp.example.com",21,"user","secret",2\r');
    expect(a.wire).not.toContain('CCERTDOWN');
    await a.modem.close();
  });

  it('verification is on by default: no CA is refused; dangerouslyAcceptAnyCertificate gives authmode 0', async () => {
    const fake = new FakeCftps();
    const modem = await openFake(fake);
    const mark = fake.modem.written.length;
    await expect(modem.ftp({ ...FTP, secure: 'explicit' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // Refused before the first byte (not after AT+CFTPSSTART).
    expect(fake.wireSince(mark)).toBe('');
    await modem.ftp({ ...FTP, secure: 'explicit', dangerouslyAcceptAnyCertificate: true });
    const wire = fake.wireSince(mark);
    expect(wire).toContain('AT+CSSLCFG="authmode",1,0\r');
    expect(wire).not.toContain('cacert');
    await modem.close();
  });

  it('SIM7600 has no SSL context binding: verified FTPS is UNSUPPORTED, unverified is allowed', async () => {
    const fake = new FakeCftps('SIMCOM_SIM7600G-H');
    const modem = await openFake(fake, { caName: 'ca.pem' });
    const mark = fake.modem.written.length;
    await expect(modem.ftp({ ...FTP, secure: 'implicit' })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('SIM7600') });
    expect(fake.wireSince(mark)).toBe('');
    await modem.ftp({ ...FTP, secure: 'implicit', dangerouslyAcceptAnyCertificate: true });
    expect(fake.wireSince(mark)).toBe('AT+CFTPSSTART\rAT+CFTPSSINGLEIP=0\rAT+CFTPSLOGIN="ftp.example.com",21,"user","secret",3\rAT+CFTPSTYPE=I\r');
    await modem.close();
  });
});

describe('SIM7600 cache mode (scripted)', () => {
  it('AT+CFTPSGET=<f>,0,1, then CACHERD? / CACHERD until the result came and the cache is empty', async () => {
    const fake = new FakeCftps('SIMCOM_SIM7600G-H');
    const data = Buffer.from(Array.from({ length: 2500 }, (_, i) => (i * 31) & 0xff));
    let left = data;
    let done = false;
    fake.on('AT+CFTPSGET="c.bin",0,1', '\r\nOK\r\n\r\n+CFTPS: RECV EVENT\r\n');
    fake.on('AT+CFTPSSIZE="c.bin"', '\r\nOK\r\n\r\n+CFTPSSIZE: 2500\r\n');
    fake.on('AT+CFTPSCACHERD', () => {
      const piece = left.subarray(0, 1024);
      left = left.subarray(1024);
      const tail = left.length === 0 && !done ? ((done = true), '\r\n+CFTPSGET: 0\r\n') : '';
      return [`\r\n+CFTPSGET: DATA,${piece.length}\r\n`, piece, `\r\nOK\r\n${tail}`];
    });
    // Registered after the read so that it is matched first (overrides match by prefix, latest first).
    fake.on('AT+CFTPSCACHERD?', () => `\r\n+CFTPSCACHERD: ${left.length}\r\n\r\nOK\r\n`);
    const { ftp, modem, mark } = await session(fake, { downloadStrategy: 'cache' });
    const parts: Buffer[] = [];
    const { Writable } = await import('node:stream');
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (parts.push(Buffer.from(c)), cb()) });
    expect((await ftp.downloadTo(sink, 'c.bin')).bytes).toBe(2500);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(fake.modem.commands.filter((c) => c === 'AT+CFTPSCACHERD')).toHaveLength(3);
    expect(fake.wireSince(mark)).toContain('AT+CFTPSSIZE="c.bin"\rAT+CFTPSGET="c.bin",0,1\rAT+CFTPSCACHERD?\rAT+CFTPSCACHERD\r');
    await modem.close();
  });
});
