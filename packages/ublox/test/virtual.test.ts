import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModem, type ByteTransport, type FtpSession, type Modem } from '@cellftp/core';
import { traceTransport } from '@cellftp/core/testing';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { proftpdAvailable, startProftpd, startTestFtpServer, type ProftpdServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { ublox } from '../src/index.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What the u-blox framings care about: quotes, CR LF, OK and result text inside the data, every byte value. */
function ubloxPayload(): Buffer {
  const text = Buffer.from('"\r\nOK\r\n+UUFTPCR: 4,1\r\n+URDBLOCK: "cellftp.tmp",5,"""""\r\n+UUFTPCD: 13,3,"x"\r\nDISCONNECT\r\n+++', 'latin1');
  const ramp = Buffer.from(Array.from({ length: 1024 }, (_, i) => i & 0xff));
  return Buffer.concat([text, ramp, randomBytes(70_000), text, Buffer.alloc(1000, 0x22), text]);
}

function collector(): { stream: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return { stream: new Writable({ write: (chunk: Buffer, _e, done) => (parts.push(Buffer.from(chunk)), done()) }), bytes: () => Buffer.concat(parts) };
}

for (const model of ['SARA-R5', 'SARA-R410M'] as const) {
  const r5 = model === 'SARA-R5';
  describe(`ublox() on the virtual ${model}`, () => {
    let server: RunningTestFtpServer;
    let vm: VirtualModem;
    let modem: Modem;
    let ftp: FtpSession;
    const written: Buffer[] = [];
    const wire = (): string => Buffer.concat(written).toString('latin1');
    const login = () => ({ host: server.host, port: server.port, user: server.user, password: server.password });

    beforeAll(async () => {
      server = await startTestFtpServer();
      vm = await startVirtualModem({ model, link: 'memory' });
      const traced = traceTransport(vm.transport as ByteTransport, { only: 'tx', maxRecords: 0, onRecord: (r) => void written.push(Buffer.from(r.bytes)) });
      modem = await openModem({ transport: traced, drivers: [ublox()] });
      await modem.connect({ apn: 'internet' });
      written.length = 0;
      ftp = await modem.ftp(login());
    });
    afterAll(async () => {
      await ftp?.close();
      await modem?.close();
      await vm?.close();
      await server?.stop();
    });

    it('is detected and opens with the documented profile order', () => {
      expect(modem.info.vendor).toBe('ublox');
      const server0 = /^\d+\.\d+\.\d+\.\d+$/.test(server.host) ? `AT+UFTP=0,"${server.host}"` : `AT+UFTP=1,"${server.host}"`;
      expect(wire()).toBe(`${server0}\rAT+UFTP=2,"${server.user}"\rAT+UFTP=3,"${server.password}"\rAT+UFTP=7,${server.port}\rAT+UFTP=6,1\rAT+UFTP=5,0\rAT+UFTP=8,0\rAT+UFTPC=1\r`);
      expect(ftp.capabilities.downloadStrategies).toEqual(r5 ? ['fs', 'direct'] : ['fs']);
    });

    for (const strategy of r5 ? (['fs', 'direct'] as const) : (['fs'] as const)) {
      it(`downloads byte-exact (${strategy}), also from startAt`, async () => {
        const data = ubloxPayload();
        await writeFile(join(server.root, `down-${strategy}.bin`), data);
        const session = strategy === ftp.capabilities.downloadStrategies[0] ? ftp : (ftp = await modem.ftp({ ...login(), downloadStrategy: strategy }));
        const sink = collector();
        expect((await session.downloadTo(sink.stream, `down-${strategy}.bin`)).bytes).toBe(data.length);
        expect(sha256(sink.bytes())).toBe(sha256(data));
        const tail = collector();
        await session.downloadTo(tail.stream, `down-${strategy}.bin`, { startAt: 12_345 });
        expect(sha256(tail.bytes())).toBe(sha256(data.subarray(12_345)));
      });

      it(`uploads byte-exact (${strategy}), and an empty file`, async () => {
        const data = ubloxPayload();
        ftp = await modem.ftp({ ...login(), uploadStrategy: strategy });
        written.length = 0;
        expect((await ftp.uploadFrom(data, `up-${strategy}.bin`)).bytes).toBe(data.length);
        expect(sha256(await readFile(join(server.root, `up-${strategy}.bin`)))).toBe(sha256(data));
        expect(wire().startsWith(strategy === 'direct' ? `AT+UFTPC=7,"up-${strategy}.bin"\r` : 'AT+ULSTFILE=1\rAT+UDELFILE="cellftp.tmp"\r')).toBe(true);
        if (r5) {
          // An empty file cannot be staged (AT+UDWNFILE takes ≥ 1 byte): the direct link stores it.
          await ftp.uploadFrom(new Uint8Array(0), `empty-${strategy}.bin`);
          expect((await stat(join(server.root, `empty-${strategy}.bin`))).size).toBe(0);
        } else {
          await expect(ftp.uploadFrom(new Uint8Array(0), 'empty.bin')).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('empty file') });
        }
      });
    }

    it('cd / pwd / mkdir / list / listNames / size / lastMod / rename / remove / rmdir on the server', async () => {
      await ftp.makeDir('dir1');
      await ftp.cd('dir1');
      expect(await ftp.pwd()).toBe('/dir1');
      await ftp.uploadFrom(Buffer.from('hello world'), 'a.txt');
      await mkdir(join(server.root, 'dir1', 'sub'), { recursive: true });
      expect((await ftp.list()).map((e) => `${e.name}:${e.type}`).sort()).toEqual(['a.txt:file', 'sub:directory']);
      expect((await ftp.listNames()).sort()).toEqual(['a.txt', 'sub']);
      expect(await ftp.size('a.txt')).toBe(11);
      expect(Math.abs((await ftp.lastMod('a.txt')).getTime() - Date.now())).toBeLessThan(2 * 60_000);
      await ftp.rename('a.txt', 'b.txt');
      expect(await ftp.listNames()).toContain('b.txt');
      await ftp.remove('b.txt');
      await expect(ftp.size('b.txt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await ftp.removeEmptyDir('sub');
      await ftp.cd('..');
      expect(await ftp.pwd()).toBe('/');
      await ftp.removeEmptyDir('dir1');
    });

    it('a missing file and a missing directory: NOT_FOUND with the module numbers', async () => {
      await expect(ftp.downloadTo(collector().stream, 'missing.bin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const error = await ftp.cd('no-such-dir').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
      expect((error as Error).message).toMatch(/u-blox \+UFTPER: \d+,\d+/);
      expect(await ftp.pwd()).toBe('/');
    });

    it('a wrong password: AUTH_FAILED, the password in no message', async () => {
      const error = await modem.ftp({ ...login(), password: 'wrong-pass' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'AUTH_FAILED' });
      expect((error as Error).message).not.toContain('wrong-pass');
      ftp = await modem.ftp(login());
      expect(await ftp.pwd()).toBe('/');
    });
  });
}

/** REST before STOR (append) needs a server that honours it: proftpd's AllowStoreRestart. FTPS against its certificate. */
for (const model of ['SARA-R5', 'SARA-R410M'] as const) {
  describe.skipIf(!proftpdAvailable())(`ublox() on the virtual ${model} against proftpd (REST + STOR, FTPS)`, () => {
    let server: ProftpdServer;
    let vm: VirtualModem;
    let modem: Modem;
    const plain = () => ({ host: server.host, port: server.port, user: server.user, password: server.password });

    beforeAll(async () => {
      server = await startProftpd();
      vm = await startVirtualModem({ model, link: 'memory' });
      modem = await openModem({ transport: vm.transport as ByteTransport, drivers: [ublox()] });
      await modem.connect({ apn: 'internet' });
    });
    afterAll(async () => {
      await modem?.close();
      await vm?.close();
      await server?.stop();
    });

    it('appendFrom: the offset is the remote size', async () => {
      const ftp = await modem.ftp(plain());
      const head = ubloxPayload().subarray(0, 5000);
      const tail = ubloxPayload().subarray(0, 3000);
      await ftp.uploadFrom(head, 'log.bin');
      await ftp.appendFrom(tail, 'log.bin');
      expect(sha256(await readFile(join(server.root, 'log.bin')))).toBe(sha256(Buffer.concat([head, tail])));
      await ftp.close();
    });

    if (model === 'SARA-R5') {
      it('FTPS explicit (unverified only without a tlsProfile), byte-exact both ways', async () => {
        await expect(modem.ftp({ ...plain(), secure: 'explicit' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('tlsProfile') });
        const ftp = await modem.ftp({ ...plain(), secure: 'explicit', dangerouslyAcceptAnyCertificate: true });
        const data = ubloxPayload();
        await ftp.uploadFrom(data, 'tls.bin');
        expect(sha256(await readFile(join(server.root, 'tls.bin')))).toBe(sha256(data));
        const sink = collector();
        await ftp.downloadTo(sink.stream, 'tls.bin');
        expect(sha256(sink.bytes())).toBe(sha256(data));
        await ftp.close();
      });
    } else {
      it('FTPS is refused before the first byte (control channel only on SARA-R4)', async () => {
        await expect(modem.ftp({ ...plain(), secure: 'explicit', dangerouslyAcceptAnyCertificate: true })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('in clear') });
      });
    }
  });
}
