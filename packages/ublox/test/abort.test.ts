import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bytes, FakeUblox, FTP, listing, openFake } from './fake-module.js';

/** A destination that aborts `controller` once `after` bytes arrived. */
function abortingSink(controller: AbortController, after: number): Writable {
  let got = 0;
  return new Writable({
    write(chunk: Buffer, _e, done) {
      got += chunk.length;
      if (got >= after) controller.abort();
      done();
    },
  });
}

async function session(fake: FakeUblox) {
  const modem = await openFake(fake);
  await modem.connect({ apn: 'internet' });
  return { modem, ftp: await modem.ftp({ ...FTP }) };
}

const LIST = (name: string, size: number) => listing(13, [Buffer.from(`-rw-r--r-- 1 ftp ftp ${size} Aug 5 09:12 ${name}\r\n`)]);

describe('u-blox aborts', () => {
  it('FS download aborted during the URDBLOCK read: ABORTED with the byte count, staged file removed, session usable', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    const data = bytes(100_000);
    fake.remote.set('f.bin', data);
    fake.on('AT+UFTPC=13,"f.bin"', LIST('f.bin', 100_000));
    // The block comes in two halves with a pause: the abort lands between them.
    fake.on('AT+URDBLOCK=', (c) => {
      const [, offset, size] = c.match(/,(\d+),(\d+)$/) ?? [];
      const block = data.subarray(Number(offset), Number(offset) + Number(size));
      return [`\r\n+URDBLOCK: "cellftp.tmp",${block.length},"`, block.subarray(0, 1000), { pauseMs: 200 }, block.subarray(1000), '"\r\n\r\nOK\r\n'];
    });
    const { modem, ftp } = await session(fake);
    const controller = new AbortController();
    const error = await ftp.downloadTo(abortingSink(controller, 1000), 'f.bin', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED', message: expect.stringContaining('aborted after 1000 bytes; resume with startAt: 1000') });
    expect(fake.flash.size).toBe(0);
    expect(fake.modem.commands).toContain('AT+UDELFILE="cellftp.tmp"');
    await ftp.remove('other');
    expect(fake.modem.commands.at(-1)).toBe('AT+UFTPC=2,"other"');
    await modem.close();
  });

  it('FS download aborted while the module fetches (op 4): ABORTED once it stored, staged file removed, nothing read', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    fake.remote.set('f.bin', bytes(500));
    fake.on('AT+UFTPC=13,"f.bin"', LIST('f.bin', 500));
    const controller = new AbortController();
    fake.on('AT+UFTPC=4,', () => {
      fake.flash.set('cellftp.tmp', bytes(500));
      controller.abort();
      return ['\r\nOK\r\n', { pauseMs: 100 }, '\r\n+UUFTPCR: 4,1\r\n'];
    });
    const { modem, ftp } = await session(fake);
    const error = await ftp.downloadTo(abortingSink(new AbortController(), 1), 'f.bin', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(fake.modem.commands.some((c) => c.startsWith('AT+URDBLOCK'))).toBe(false);
    expect(fake.flash.size).toBe(0);
    await modem.close();
  });

  it('direct download aborted mid-stream: +++ after the guard, ABORTED with the byte count, session usable', async () => {
    const fake = new FakeUblox();
    const data = bytes(50_000);
    fake.on('AT+UFTPC=13,"f.bin"', LIST('f.bin', 50_000));
    fake.on('AT+UFTPC=6,', (_c) => {
      fake.modem.raw((chunk) => {
        if (!Buffer.from(chunk).toString('latin1').endsWith('+++')) return;
        fake.modem.raw(undefined);
        fake.modem.send('\r\nDISCONNECT\r\n\r\nOK\r\n\r\n+UUFTPCR: 6,0\r\n');
      });
      return ['\r\nCONNECT\r\n', data.subarray(0, 2000)];
    });
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({ ...FTP, downloadStrategy: 'direct' });
    const controller = new AbortController();
    // The engine holds the last 64 bytes back (the +++ answer may hide there): 1936 of the 2000 reach the sink before the escape.
    const error = await ftp.downloadTo(abortingSink(controller, 1000), 'f.bin', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED', message: expect.stringContaining('aborted after 2000 bytes; resume with startAt: 2000') });
    expect(Buffer.from(fake.modem.written).toString('latin1')).toContain('AT+UFTPC=6,"f.bin"\r+++');
    await ftp.remove('other');
    expect(fake.modem.commands.at(-1)).toBe('AT+UFTPC=2,"other"');
    await modem.close();
  });

  it('direct upload aborted: the data stops, ≥ 2 s quiet, +++, ABORTED with what was sent', async () => {
    const fake = new FakeUblox();
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({ ...FTP, uploadStrategy: 'direct' });
    const controller = new AbortController();
    async function* source() {
      yield bytes(16 * 1024);
      controller.abort();
      yield bytes(16 * 1024);
    }
    const { Readable } = await import('node:stream');
    const error = await ftp.uploadFrom(Readable.from(source()), 'up.bin', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    const stored = fake.remote.get('up.bin')?.length ?? 0;
    expect((error as Error).message).toContain(`aborted after ${stored} bytes`);
    expect(stored).toBeLessThan(32 * 1024);
    await modem.close();
  });

  it('FS upload aborted while staging: no AT+UFTPC=5, the staged file removed', async () => {
    const fake = new FakeUblox('SARA-R410M-02B');
    const { modem, ftp } = await session(fake);
    const controller = new AbortController();
    const data = bytes(40_000);
    const { Readable } = await import('node:stream');
    async function* source() {
      yield data.subarray(0, 20_000);
      controller.abort();
      yield data.subarray(20_000);
    }
    // A stream of unknown size is gathered before AT+UDWNFILE; the abort is seen before the store.
    const error = await ftp.uploadFrom(Readable.from(source()), 'up.bin', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(fake.modem.commands.some((c) => c.startsWith('AT+UFTPC=5'))).toBe(false);
    expect(fake.flash.size).toBe(0);
    expect(fake.remote.has('up.bin')).toBe(false);
    await modem.close();
  });
});

describe('u-blox direct link stalls', () => {
  it('a stream that stops short: the host escapes after a quarter of the timeout, the module explains (1,79)', async () => {
    const fake = new FakeUblox();
    const data = bytes(20_000);
    fake.on('AT+UFTPC=13,"f.bin"', LIST('f.bin', 20_000));
    fake.on('AT+UFTPC=6,', () => {
      fake.modem.raw((chunk) => {
        if (!Buffer.from(chunk).toString('latin1').endsWith('+++')) return;
        fake.modem.raw(undefined);
        fake.modem.send(['\r\nDISCONNECT\r\n', '\r\nOK\r\n', '\r\n+UUFTPCR: 6,0\r\n']);
      });
      return ['\r\nCONNECT\r\n', data.subarray(0, 3000)];
    });
    fake.on('AT+UFTPER', '\r\n+UFTPER: 1,79\r\n\r\nOK\r\n');
    const modem = await openFake(fake);
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({ ...FTP, timeoutMs: 2000, downloadStrategy: 'direct' });
    const started = Date.now();
    const error = await ftp.downloadTo(new Writable({ write: (_c, _e, done) => done() }), 'f.bin').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATA_CONNECTION', vendorCode: 79, message: expect.stringContaining('resume with startAt: 3000') });
    expect(Date.now() - started).toBeLessThan(3000);
    await ftp.remove('other');
    expect(fake.modem.commands.at(-1)).toBe('AT+UFTPC=2,"other"');
    await modem.close();
  });
});
