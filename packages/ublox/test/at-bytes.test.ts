import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { quietBeforeEscapeMs } from '../src/flows/upload.js';
import { bytes, FakeUblox, FTP, listing, openFake } from './fake-module.js';

const LOGIN = 'AT+UFTP=1,"ftp.example.com"\rAT+UFTP=2,"user"\rAT+UFTP=3,"secret"\rAT+UFTP=7,21\rAT+UFTP=6,1\rAT+UFTP=5,0\rAT+UFTP=8,0\rAT+UFTPC=1\r';

async function session(fake = new FakeUblox(), options = {}) {
  const modem = await openFake(fake);
  await modem.connect({ apn: 'internet' });
  const mark = fake.modem.written.length;
  const ftp = await modem.ftp({ ...FTP, ...options });
  return { fake, modem, ftp, openWire: fake.wireSince(mark) };
}

function collector() {
  const parts: Buffer[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => (parts.push(chunk), done()) });
  return { stream, bytes: () => Buffer.concat(parts) };
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('the silence before a direct-link upload\'s +++', () => {
  it('is 2 s (+ 250 ms slack) after the last byte can have left the line, not after a buffer took it', () => {
    // 512 KiB at 3 Mbaud take 1748 ms on the line; written in 2 ms, so 1746 ms are still to come.
    expect(Math.round(quietBeforeEscapeMs(512 * 1024, 2, 3_000_000))).toBe(2250 + 1746);
    // A line that took the bytes at its own pace (real UART backpressure): just the 2 s and the slack.
    expect(quietBeforeEscapeMs(11_520, 1000, 115_200)).toBe(2250);
    expect(quietBeforeEscapeMs(0, 0, 115_200)).toBe(2250);
  });
});

describe('u-blox exact bytes (scripted SARA-R5 / SARA-R4)', () => {
  it('SARA-R5: detection, PSD bearer (UPSD, UPSDA + +UUPSDA), profile in the documented order, login', async () => {
    const fake = new FakeUblox();
    fake.on('AT+CGACT?', '\r\n+CGACT: 1,0\r\n\r\nOK\r\n');
    const modem = await openFake(fake);
    expect(modem.info).toMatchObject({ vendor: 'ublox', model: 'SARA-R510S-01B' });
    const mark = fake.modem.written.length;
    await modem.connect({ apn: 'iot.apn' });
    expect(fake.wireSince(mark)).toBe('AT+CGACT?\rAT+CGDCONT=1,"IP","iot.apn"\rAT+CGACT=1,1\rAT+UPSND=0,8\rAT+UPSD=0,0,0\rAT+UPSD=0,100,1\rAT+UPSDA=0,3\r');
    const at = fake.modem.written.length;
    const ftp = await modem.ftp({ ...FTP });
    expect(fake.wireSince(at)).toBe(LOGIN);
    expect(ftp.capabilities).toMatchObject({ persistentSession: true, serverSideCwd: true, nlst: true, mlsd: false, lastModFromListing: true, downloadStrategies: ['fs', 'direct'], uploadStrategies: ['fs', 'direct'] });
    await modem.close();
  });

  it('SARA-R5: a PSD profile already active on the context is reused; on another context it is deactivated first', async () => {
    for (const [mapped, wire] of [
      [1, 'AT+CGACT?\rAT+UPSND=0,8\rAT+UPSD=0,100\r'],
      [2, 'AT+CGACT?\rAT+UPSND=0,8\rAT+UPSD=0,100\rAT+UPSDA=0,4\rAT+UPSD=0,0,0\rAT+UPSD=0,100,1\rAT+UPSDA=0,3\r'],
    ] as const) {
      const fake = new FakeUblox();
      fake.on('AT+UPSND=0,8', '\r\n+UPSND: 0,8,1\r\n\r\nOK\r\n').on('AT+UPSD=0,100', (c) => (c === 'AT+UPSD=0,100' ? `\r\n+UPSD: 0,100,${mapped}\r\n\r\nOK\r\n` : '\r\nOK\r\n'));
      const modem = await openFake(fake);
      const mark = fake.modem.written.length;
      await modem.connect({ apn: 'iot.apn' });
      expect(fake.wireSince(mark)).toBe(wire);
      await modem.close();
    }
  });

  it('SARA-R4: the attach bearer kept up with AT+CGACT, FS strategies only, an IP address goes to op 0', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    let active = false;
    fake.on('AT+CGACT?', () => `\r\n+CGACT: 1,${active ? 1 : 0}\r\n\r\nOK\r\n`).on('AT+CGACT=1,1', () => ((active = true), '\r\nOK\r\n'));
    const modem = await openFake(fake);
    const mark = fake.modem.written.length;
    await modem.connect({ apn: 'iot.apn' });
    expect(fake.wireSince(mark)).toBe('AT+CGACT?\rAT+CGDCONT=1,"IP","iot.apn"\rAT+CGACT=1,1\r');
    const at = fake.modem.written.length;
    const ftp = await modem.ftp({ ...FTP, host: '192.0.2.10', port: 2121 });
    expect(fake.wireSince(at)).toBe(LOGIN.replace('AT+UFTP=1,"ftp.example.com"', 'AT+UFTP=0,"192.0.2.10"').replace('AT+UFTP=7,21', 'AT+UFTP=7,2121'));
    expect(ftp.capabilities).toMatchObject({ downloadStrategies: ['fs'], uploadStrategies: ['fs'] });
    await modem.close();
  });

  it('passive: false is AT+UFTP=6,0 (the module default, said out loud)', async () => {
    const { openWire, modem } = await session(new FakeUblox(), { passive: false });
    expect(openWire).toBe(LOGIN.replace('AT+UFTP=6,1', 'AT+UFTP=6,0'));
    await modem.close();
  });

  it('a profile refused because a login is still open: logout (op 0), then the set-up again', async () => {
    const fake = new FakeUblox();
    let loggedIn = true;
    fake.on('AT+UFTP=1,', () => (loggedIn ? '\r\nERROR\r\n' : '\r\nOK\r\n')).on('AT+UFTPC=0', () => ((loggedIn = false), '\r\nOK\r\n\r\n+UUFTPCR: 0,1\r\n'));
    const { openWire, modem } = await session(fake);
    expect(openWire).toBe(`AT+UFTP=1,"ftp.example.com"\rAT+UFTPC=0\r${LOGIN}`);
    await modem.close();
  });

  it('cd (pwd tracked), makeDir, removeEmptyDir, remove, rename, close: the IADG §9 exchange', async () => {
    const { fake, ftp, modem } = await session();
    const mark = fake.modem.written.length;
    await ftp.makeDir('uploads');
    await ftp.cd('uploads');
    expect(await ftp.pwd()).toBe('/uploads');
    await ftp.cd('..');
    expect(await ftp.pwd()).toBe('/');
    await ftp.removeEmptyDir('old');
    await ftp.remove('a.txt');
    await ftp.rename('b.txt', 'c.txt');
    await ftp.close();
    expect(fake.wireSince(mark)).toBe('AT+UFTPC=10,"uploads"\rAT+UFTPC=8,"uploads"\rAT+UFTPC=8,".."\rAT+UFTPC=11,"old"\rAT+UFTPC=2,"a.txt"\rAT+UFTPC=3,"b.txt","c.txt"\rAT+UFTPC=0\r');
    await modem.close();
  });

  it('list: +UUFTPCD after OK, split over two URCs, payload with quotes, CR LF and OK; NLST; size and lastMod from LIST', async () => {
    const { fake, ftp, modem } = await session();
    const text = Buffer.from('-rw-r--r--   1 ftp      ftp          1037 Aug 5 09:45 dat_000\r\n-rw-r--r--   1 ftp      ftp         21041 Aug 5 09:12 data.zip\r\ndrwxr-xr-x   1 ftp      ftp             0 Jan 13 2020 "OK"\r\n');
    fake.on('AT+UFTPC=13', (c) => (c === 'AT+UFTPC=13' ? listing(13, [text.subarray(0, 70), text.subarray(70)]) : listing(13, [Buffer.from('-rw-r--r--   1 ftp      ftp         21041 Aug 5 09:12 data.zip\r\n')])));
    fake.on('AT+UFTPC=14', listing(14, [Buffer.from('dat_000\r\ndata.zip\r\n')]));
    const mark = fake.modem.written.length;
    const entries = await ftp.list();
    expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([['dat_000', 'file', 1037], ['data.zip', 'file', 21041], ['"OK"', 'directory', undefined]]);
    expect(await ftp.listNames()).toEqual(['dat_000', 'data.zip']);
    expect(await ftp.size('data.zip')).toBe(21041);
    expect((await ftp.lastMod('data.zip')).getUTCMonth()).toBe(7);
    expect(fake.wireSince(mark)).toBe('AT+UFTPC=13\rAT+UFTPC=14\rAT+UFTPC=13,"data.zip"\rAT+UFTPC=13,"data.zip"\r');
    await modem.close();
  });

  it('FS download: free space FIRST, op 4, size check, URDBLOCK blocks, staged file removed; startAt reads from the offset', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    const data = bytes(70_000);
    // Quotes, CR LF and an "OK" line inside the payload: only the announced length frames it.
    Buffer.from('"\r\nOK\r\n+UUFTPCR: 13,1\r\n"').copy(data, 63_990);
    fake.remote.set('data.zip', data);
    fake.on('AT+UFTPC=13,"data.zip"', listing(13, [Buffer.from(`-rw-r--r-- 1 ftp ftp 70000 Aug 5 09:12 data.zip\r\n`)]));
    const { ftp, modem } = await session(fake);
    const mark = fake.modem.written.length;
    const whole = collector();
    expect((await ftp.downloadTo(whole.stream, 'data.zip')).bytes).toBe(70_000);
    expect(sha(whole.bytes())).toBe(sha(data));
    const tail = collector();
    expect((await ftp.downloadTo(tail.stream, 'data.zip', { startAt: 65_000 })).bytes).toBe(5000);
    expect(tail.bytes().equals(data.subarray(65_000))).toBe(true);
    const one = 'AT+UFTPC=13,"data.zip"\rAT+ULSTFILE=1\rAT+UDELFILE="cellftp.tmp"\rAT+UFTPC=4,"data.zip","cellftp.tmp"\rAT+ULSTFILE=2,"cellftp.tmp"\r';
    expect(fake.wireSince(mark)).toBe(
      `${one}AT+URDBLOCK="cellftp.tmp",0,64000\rAT+URDBLOCK="cellftp.tmp",64000,6000\rAT+UDELFILE="cellftp.tmp"\r` +
        `${one}AT+URDBLOCK="cellftp.tmp",65000,5000\rAT+UDELFILE="cellftp.tmp"\r`,
    );
    expect(fake.flash.size).toBe(0);
    await modem.close();
  });

  it('SARA-R5: a file larger than the free flash goes direct (staging is the default)', async () => {
    const fake = new FakeUblox();
    fake.free = 100;
    fake.remote.set('f.bin', bytes(300));
    fake.on('AT+UFTPC=13,"f.bin"', listing(13, [Buffer.from('-rw-r--r-- 1 ftp ftp 300 Aug 5 09:12 f.bin\r\n')]));
    fake.directEnd = 'auto';
    const { ftp, modem } = await session(fake);
    const mark = fake.modem.written.length;
    const out = collector();
    expect((await ftp.downloadTo(out.stream, 'f.bin')).bytes).toBe(300);
    expect(out.bytes().equals(bytes(300))).toBe(true);
    expect(fake.wireSince(mark)).toBe('AT+UFTPC=13,"f.bin"\rAT+ULSTFILE=1\rAT+UFTPC=6,"f.bin"\r');
    await modem.close();
  });

  it('FS download larger than the free space fails before anything is fetched, naming both numbers', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    fake.free = 236_800;
    fake.on('AT+UFTPC=13,"big.bin"', listing(13, [Buffer.from('-rw-r--r-- 1 ftp ftp 500000 Aug 5 09:12 big.bin\r\n')]));
    const { ftp, modem } = await session(fake);
    const mark = fake.modem.written.length;
    const error = await ftp.downloadTo(collector().stream, 'big.bin').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEM' });
    expect((error as Error).message).toContain('500000 bytes do not fit');
    expect((error as Error).message).toContain('236800 bytes free');
    expect(fake.wireSince(mark)).toBe('AT+UFTPC=13,"big.bin"\rAT+ULSTFILE=1\r');
    await modem.close();
  });

  it('direct download (SARA-R5): op 6 with the offset, exactly the LIST size after CONNECT, +++, DISCONNECT', async () => {
    const fake = new FakeUblox();
    const data = bytes(3000);
    fake.remote.set('f.bin', data);
    fake.on('AT+UFTPC=13,"f.bin"', listing(13, [Buffer.from('-rw-r--r-- 1 ftp ftp 3000 Aug 5 09:12 f.bin\r\n')]));
    const { ftp, modem } = await session(fake, { downloadStrategy: 'direct' });
    const mark = fake.modem.written.length;
    const whole = collector();
    expect((await ftp.downloadTo(whole.stream, 'f.bin')).bytes).toBe(3000);
    expect(whole.bytes().equals(data)).toBe(true);
    const tail = collector();
    expect((await ftp.downloadTo(tail.stream, 'f.bin', { startAt: 250 })).bytes).toBe(2750);
    expect(tail.bytes().equals(data.subarray(250))).toBe(true);
    expect(fake.wireSince(mark)).toBe('AT+UFTPC=13,"f.bin"\rAT+UFTPC=6,"f.bin"\r+++AT+UFTPC=13,"f.bin"\rAT+UFTPC=6,"f.bin",250\r+++');
    await modem.close();
  });

  it('direct download: a module that leaves direct link by itself (R4-MAN §20.2.3) gets no +++', async () => {
    const fake = new FakeUblox();
    fake.directEnd = 'auto';
    fake.remote.set('f.bin', bytes(10));
    fake.on('AT+UFTPC=13,"f.bin"', listing(13, [Buffer.from('-rw-r--r-- 1 ftp ftp 10 Aug 5 09:12 f.bin\r\n')]));
    const { ftp, modem } = await session(fake, { downloadStrategy: 'direct' });
    const mark = fake.modem.written.length;
    const out = collector();
    expect((await ftp.downloadTo(out.stream, 'f.bin')).bytes).toBe(10);
    expect(await ftp.pwd()).toBe('/');
    await ftp.remove('x');
    expect(fake.wireSince(mark)).toBe('AT+UFTPC=13,"f.bin"\rAT+UFTPC=6,"f.bin"\rAT+UFTPC=2,"x"\r');
    await modem.close();
  });

  it('FS upload: UDELFILE first (UDWNFILE appends), the prompt, op 5, staged file removed; append = remote size as offset, the staged file holding placeholders for it', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    fake.flash.set('cellftp.tmp', Buffer.from('stale'));
    const data = bytes(20_000);
    const { ftp, modem } = await session(fake);
    const mark = fake.modem.written.length;
    await ftp.uploadFrom(data, 'up.bin');
    expect(fake.remote.get('up.bin')?.equals(data)).toBe(true);
    fake.on('AT+UFTPC=13,"up.bin"', listing(13, [Buffer.from('-rw-r--r-- 1 ftp ftp 20000 Aug 5 09:12 up.bin\r\n')]));
    await ftp.appendFrom(Buffer.from('tail'), 'up.bin');
    expect(fake.remote.get('up.bin')?.equals(Buffer.concat([data, Buffer.from('tail')]))).toBe(true);
    const placeholders = Buffer.alloc(20_000).toString('latin1');
    const wire = fake.wireSince(mark).replace(data.toString('latin1'), '<data>').replace(`\r${placeholders}tailAT`, '\r<placeholders><data>AT');
    expect(wire).toBe(
      'AT+ULSTFILE=1\rAT+UDELFILE="cellftp.tmp"\rAT+UDWNFILE="cellftp.tmp",20000\r<data>AT+UFTPC=5,"cellftp.tmp","up.bin"\rAT+UDELFILE="cellftp.tmp"\r' +
        'AT+UFTPC=13,"up.bin"\rAT+ULSTFILE=1\rAT+UDELFILE="cellftp.tmp"\rAT+UDWNFILE="cellftp.tmp",20004\r<placeholders><data>AT+UFTPC=5,"cellftp.tmp","up.bin",20000\rAT+UDELFILE="cellftp.tmp"\r',
    );
    expect(fake.flash.size).toBe(0);
    await modem.close();
  });

  it('direct upload (SARA-R5): op 7, CONNECT, the bytes, ≥ 2 s quiet, +++', async () => {
    const fake = new FakeUblox();
    const data = bytes(5000);
    const { ftp, modem } = await session(fake, { uploadStrategy: 'direct' });
    const mark = fake.modem.written.length;
    await ftp.uploadFrom(data, 'up.bin');
    expect(fake.remote.get('up.bin')?.equals(data)).toBe(true);
    const wire = fake.wireSince(mark);
    expect(wire.startsWith('AT+UFTPC=7,"up.bin"\r')).toBe(true);
    expect(wire.endsWith('+++')).toBe(true);
    expect(wire.length).toBe('AT+UFTPC=7,"up.bin"\r'.length + 5000 + 3);
    await modem.close();
  });
});
