import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FtpError } from '@cellftp/core';
import { FakeCftps, frames, FTP, openFake } from './fake-module.js';

const bytes = (n: number, seed = 7): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 167 + seed + (i >> 8)) & 0xff));

async function session(fake = new FakeCftps(), options = {}) {
  const modem = await openFake(fake);
  await modem.connect({ apn: 'internet' });
  const mark = fake.modem.written.length;
  const ftp = await modem.ftp({ ...FTP, ...options });
  return { fake, modem, ftp, openWire: fake.wireSince(mark) };
}

describe('AT+CFTPS* exact bytes (scripted A7670E)', () => {
  it('detects the A76xx family from AT+CGMM and opens in the documented order', async () => {
    const { modem, openWire, ftp } = await session();
    expect(modem.info.model).toBe('A7670E-LASE');
    expect(openWire).toBe('AT+CFTPSSTART\rAT+CFTPSSINGLEIP=0\rAT+CFTPSMODE=1\rAT+CFTPSLOGIN="ftp.example.com",21,"user","secret",0\rAT+CFTPSTYPE=I\r');
    expect(ftp.capabilities).toMatchObject({ persistentSession: true, serverSideCwd: true, nlst: false, mlsd: false, downloadStrategies: ['frames'], uploadStrategies: ['stream', 'block'] });
    await modem.close();
  });

  it('useControlAddressForData: AT+CFTPSSINGLEIP=1 before the login', async () => {
    const { openWire, modem } = await session(new FakeCftps(), { useControlAddressForData: true });
    expect(openWire).toBe('AT+CFTPSSTART\rAT+CFTPSSINGLEIP=1\rAT+CFTPSMODE=1\rAT+CFTPSLOGIN="ftp.example.com",21,"user","secret",0\rAT+CFTPSTYPE=I\r');
    await modem.close();
  });

  it('connect reuses an active context, else CGDCONT + CGACT=1,<cid> and checks', async () => {
    const fake = new FakeCftps();
    let active = false;
    fake.on('AT+CGACT?', () => `\r\n+CGACT: 1,${active ? 1 : 0}\r\n\r\nOK\r\n`).on('AT+CGACT=1,1', () => ((active = true), '\r\nOK\r\n')).on('AT+CGDCONT=', '\r\nOK\r\n');
    const modem = await openFake(fake);
    const mark = fake.modem.written.length;
    await modem.connect({ apn: 'iot.apn' });
    expect(fake.wireSince(mark)).toBe('AT+CGACT?\rAT+CGDCONT=1,"IP","iot.apn"\rAT+CGACT=1,1\rAT+CGACT?\r');
    await modem.close();
  });

  it('SIM7600: no AT+CFTPSMODE, the cache strategy offered, LIST without argument', async () => {
    const fake = new FakeCftps('SIMCOM_SIM7600G-H');
    fake.on('AT+CFTPSLIST', frames('CFTPSLIST', [Buffer.from('-rw-r--r-- 1 ftp ftp 3 Mar 11 16:24 a.txt\r\n')]));
    const { ftp, openWire, modem } = await session(fake);
    expect(openWire).toBe('AT+CFTPSSTART\rAT+CFTPSSINGLEIP=0\rAT+CFTPSLOGIN="ftp.example.com",21,"user","secret",0\rAT+CFTPSTYPE=I\r');
    expect(ftp.capabilities.downloadStrategies).toEqual(['frames', 'cache']);
    const mark = fake.modem.written.length;
    expect((await ftp.list()).map((e) => e.name)).toEqual(['a.txt']);
    expect(fake.wireSince(mark)).toBe('AT+CFTPSLIST\r');
    await modem.close();
  });

  it('cd, pwd (quoted), mkdir, rmdir, remove: the A-AN §3.1.3 exchange', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSPWD', '\r\nOK\r\n\r\n+CFTPSPWD: "/TEST1129"\r\n');
    const mark = fake.modem.written.length;
    await ftp.makeDir('TEST1129');
    await ftp.cd('TEST1129');
    expect(await ftp.pwd()).toBe('/TEST1129');
    await ftp.removeEmptyDir('/TEST1129');
    await ftp.remove('old.txt');
    expect(fake.wireSince(mark)).toBe('AT+CFTPSMKD="TEST1129"\rAT+CFTPSCWD="TEST1129"\rAT+CFTPSPWD\rAT+CFTPSRMD="/TEST1129"\rAT+CFTPSDELE="old.txt"\r');
    await modem.close();
  });

  it('list: frames split mid-line, Unix and DOS lines; A76xx sends "." for the cwd', async () => {
    const { fake, ftp, modem } = await session();
    const text = Buffer.from('-rw-r--r-- 1 ftp ftp 121 Mar 11 16:24 124.txt\r\ndrwxr-xr-x 1 ftp ftp    0 Jan 13 2020 TEST113\r\n');
    const dos = Buffer.from('03-11-24  04:24PM                  999 dos.bin\r\n03-11-24  04:24PM       <DIR>          sub\r\n');
    fake.on('AT+CFTPSLIST="."', frames('CFTPSLIST', [text.subarray(0, 30), text.subarray(30, 31), text.subarray(31)]));
    fake.on('AT+CFTPSLIST="dos"', frames('CFTPSLIST', [dos.subarray(0, 12), dos.subarray(12)]));
    const mark = fake.modem.written.length;
    const unix = await ftp.list();
    expect(unix.map((e) => [e.name, e.type])).toEqual([['124.txt', 'file'], ['TEST113', 'directory']]);
    expect(unix[0]?.size).toBe(121);
    const windows = await ftp.list('dos');
    expect(windows.map((e) => [e.name, e.type])).toEqual([['dos.bin', 'file'], ['sub', 'directory']]);
    expect(await ftp.listNames('dos')).toEqual(['dos.bin', 'sub']);
    expect(fake.wireSince(mark)).toBe('AT+CFTPSLIST="."\rAT+CFTPSLIST="dos"\rAT+CFTPSLIST="dos"\r');
    await modem.close();
  });

  it('download: frames of varying size, byte-exact; startAt is <rest_size>', async () => {
    const { fake, ftp, modem } = await session();
    const data = bytes(5000);
    fake.on('AT+CFTPSGET="f.bin"', frames('CFTPSGET', [data.subarray(0, 1024), data.subarray(1024, 1025), data.subarray(1025, 2505), data.subarray(2505)]));
    fake.on('AT+CFTPSGET="f.bin",4000', frames('CFTPSGET', [data.subarray(4000)]));
    fake.on('AT+CFTPSSIZE="f.bin"', '\r\nOK\r\n\r\n+CFTPSSIZE: 5000\r\n');
    const mark = fake.modem.written.length;
    const whole = collector();
    expect((await ftp.downloadTo(whole.stream, 'f.bin')).bytes).toBe(5000);
    expect(whole.bytes().equals(data)).toBe(true);
    const tail = collector();
    expect((await ftp.downloadTo(tail.stream, 'f.bin', { startAt: 4000 })).bytes).toBe(1000);
    expect(tail.bytes().equals(data.subarray(4000))).toBe(true);
    expect(fake.wireSince(mark)).toBe('AT+CFTPSSIZE="f.bin"\rAT+CFTPSGET="f.bin"\rAT+CFTPSSIZE="f.bin"\rAT+CFTPSGET="f.bin",4000\r');
    await modem.close();
  });

  it('a download that ends with +CFTPSGET: 0 but short of the size fails PROTOCOL; startAt past the end is refused', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSSIZE="f.bin"', '\r\nOK\r\n\r\n+CFTPSSIZE: 5000\r\n');
    fake.on('AT+CFTPSGET="f.bin"', frames('CFTPSGET', [bytes(4000)]));
    await expect(ftp.downloadTo(collector().stream, 'f.bin')).rejects.toMatchObject({ code: 'PROTOCOL', message: expect.stringContaining('4000 bytes arrived') });
    const mark = fake.modem.written.length;
    await expect(ftp.downloadTo(collector().stream, 'f.bin', { startAt: 5001 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(fake.wireSince(mark)).toBe('AT+CFTPSSIZE="f.bin"\r');
    await modem.close();
  });

  it('download failure after some frames: the module code, and where to resume', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSGET="f.bin"', frames('CFTPSGET', [bytes(100)], 6));
    const error = await ftp.downloadTo(collector().stream, 'f.bin').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FtpError);
    expect(error).toMatchObject({ code: 'DATA_CONNECTION', vendorCode: 6 });
    expect((error as Error).message).toContain('SIMCom 6');
    expect((error as Error).message).toContain('startAt: 100');
    await modem.close();
  });

  it('upload stream: the payload escaped (0x03 → 03 03, 0x1A → 03 1A) and ended by a bare 0x1A', async () => {
    const { fake, ftp, modem } = await session();
    const data = Buffer.concat([Buffer.from([0x03, 0x1a, 0x41, 0x10, 0x1a, 0x03]), bytes(3000)]);
    const mark = fake.modem.written.length;
    expect((await ftp.uploadFrom(data, 'u.bin')).bytes).toBe(data.length);
    const wire = Buffer.from(fake.modem.written.slice(mark));
    const head = Buffer.from('AT+CFTPSPUT="u.bin"\r', 'latin1');
    expect(wire.subarray(0, head.length).equals(head)).toBe(true);
    expect(wire.subarray(head.length, head.length + 10).toString('hex')).toBe('0303031a4110031a0303');
    expect(wire[wire.length - 1]).toBe(0x1a);
    expect(fake.uploads[0]?.equals(data)).toBe(true);
    await modem.close();
  });

  it('appendFrom: SIZE, then the stream with <data_len> 0 and <rest_size>', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSSIZE="log.txt"', '\r\nOK\r\n\r\n+CFTPSSIZE: 1261568\r\n');
    const mark = fake.modem.written.length;
    await ftp.appendFrom(Buffer.from('more'), 'log.txt');
    expect(fake.wireSince(mark)).toBe('AT+CFTPSSIZE="log.txt"\rAT+CFTPSPUT="log.txt",0,1261568\rmore\x1a');
    await modem.close();
  });

  it('upload block strategy: ≤ 2048-byte prompted blocks, REST with the bytes already stored', async () => {
    const { fake, ftp, modem } = await session(new FakeCftps(), { uploadStrategy: 'block' });
    const data = bytes(5000);
    const mark = fake.modem.written.length;
    await ftp.uploadFrom(data, 'b.bin');
    const commands = fake.modem.commands.filter((c) => c.startsWith('AT+CFTPSPUT'));
    expect(fake.wireSince(mark).startsWith('AT+CFTPSPUT="b.bin",2048\r')).toBe(true);
    expect(commands).toEqual(['AT+CFTPSPUT="b.bin",2048', 'AT+CFTPSPUT="b.bin",2048,2048', 'AT+CFTPSPUT="b.bin",904,4096']);
    expect(Buffer.concat(fake.uploads).equals(data)).toBe(true);
    await modem.close();
  });

  it('size: a value that is also a code is cross-checked with LIST', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSSIZE="big"', '\r\nOK\r\n\r\n+CFTPSSIZE:1261568\r\n');
    fake.on('AT+CFTPSSIZE="seven"', '\r\nOK\r\n\r\n+CFTPSSIZE: 7\r\n');
    fake.on('AT+CFTPSLIST="seven"', frames('CFTPSLIST', [Buffer.from('-rw-r--r-- 1 ftp ftp 7 Mar 11 16:24 seven\r\n')]));
    fake.on('AT+CFTPSSIZE="missing"', '\r\nOK\r\n\r\n+CFTPSSIZE: 7\r\n');
    fake.on('AT+CFTPSLIST="missing"', '\r\nOK\r\n\r\n+CFTPSLIST: 17\r\n');
    expect(await ftp.size('big')).toBe(1261568);
    expect(await ftp.size('seven')).toBe(7);
    await expect(ftp.size('missing')).rejects.toMatchObject({ code: 'NOT_FOUND', vendorCode: 7 });
    await modem.close();
  });

  it('a firmware refusing the stream form (bare ERROR) falls back to blocks, remembered for the modem', async () => {
    const fake = new FakeCftps();
    const { ftp, modem } = await session(fake);
    fake.on('AT+CFTPSPUT="', (command) => (/^AT\+CFTPSPUT="[^"]*"$/.test(command) ? '\r\nERROR\r\n' : fake.base(command, fake.modem)));
    const data = bytes(3000);
    const mark = fake.modem.written.length;
    await ftp.uploadFrom(data, 'f.bin');
    expect(Buffer.concat(fake.uploads).equals(data)).toBe(true);
    await ftp.uploadFrom(data.subarray(0, 10), 'g.bin');
    const puts = fake.modem.commands.filter((c) => c.startsWith('AT+CFTPSPUT'));
    expect(puts).toEqual(['AT+CFTPSPUT="f.bin"', 'AT+CFTPSPUT="f.bin",2048', 'AT+CFTPSPUT="f.bin",952,2048', 'AT+CFTPSPUT="g.bin",10']);
    expect(fake.wireSince(mark).startsWith('AT+CFTPSPUT="f.bin"\rAT+CFTPSPUT="f.bin",2048\r')).toBe(true);
    await modem.close();
  });

  it('result lines before OK (S-MAN allows it for LOGIN, PWD) are taken as the result', async () => {
    const fake = new FakeCftps('SIMCOM_SIM7600G-H');
    fake.on('AT+CFTPSLOGIN=', '\r\n+CFTPSLOGIN: 0\r\n\r\nOK\r\n');
    fake.on('AT+CFTPSPWD', '\r\n+CFTPSPWD: "/a,b"\r\n\r\nOK\r\n');
    const { ftp, modem } = await session(fake);
    expect(await ftp.pwd()).toBe('/a,b');
    await modem.close();
  });

  it('size: a server refusing SIZE (9) is answered from the LIST line; a missing file stays NOT_FOUND', async () => {
    const { fake, ftp, modem } = await session();
    fake.on('AT+CFTPSSIZE=', '\r\nOK\r\n\r\n+CFTPSSIZE: 9\r\n');
    fake.on('AT+CFTPSLIST="here.bin"', frames('CFTPSLIST', [Buffer.from('-rw-r--r-- 1 ftp ftp 4242 Mar 11 16:24 here.bin\r\n')]));
    fake.on('AT+CFTPSLIST="gone.bin"', '\r\nOK\r\n\r\n+CFTPSLIST: 9\r\n');
    const mark = fake.modem.written.length;
    expect(await ftp.size('here.bin')).toBe(4242);
    expect(fake.wireSince(mark)).toBe('AT+CFTPSSIZE="here.bin"\rAT+CFTPSLIST="here.bin"\r');
    await expect(ftp.size('gone.bin')).rejects.toMatchObject({ code: 'NOT_FOUND', vendorCode: 9 });
    await modem.close();
  });

  it('close: logout before stop', async () => {
    const { fake, ftp, modem } = await session();
    const mark = fake.modem.written.length;
    await ftp.close();
    expect(fake.wireSince(mark)).toBe('AT+CFTPSLOGOUT\rAT+CFTPSSTOP\r');
    await modem.close();
  });
});

function collector(): { stream: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(parts) };
}
