import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModem, type ByteTransport, type FtpSession, type Modem } from '@cellftp/core';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { proftpdAvailable, startProftpd, type ProftpdServer } from '@cellftp/emulator/testing';
import { simcom } from '../../src/index.js';
import { allBytes, dangerousPayload, sha256, startRig, type Rig } from '../harness.js';

/** Payload full of what the CFTPS framings care about: 0x03, 0x1A, CR LF and result-looking text. */
function cftpsPayload(): Buffer {
  const text = Buffer.from('\r\n+CFTPSGET: 0\r\n\r\nOK\r\n\r\n+CFTPSGET: DATA,12\r\n\x1a\x03\x1a\x03\x03\r\n+CFTPSPUT: 0\r\n', 'latin1');
  return Buffer.concat([text, Buffer.alloc(2000, 0x1a), text, Buffer.alloc(1500, 0x03), allBytes(6000), text, dangerousPayload()]);
}

function collector(): { stream: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return {
    stream: new Writable({ write: (chunk: Buffer, _e, done) => (parts.push(Buffer.from(chunk)), done()) }),
    bytes: () => Buffer.concat(parts),
  };
}

for (const model of ['A7670E', 'SIM7600G'] as const) {
  describe(`simcom() on the virtual ${model} (AT+CFTPS*)`, () => {
    let rig: Rig;
    let ftp: FtpSession;

    beforeAll(async () => {
      rig = await startRig({ model });
      rig.written.length = 0;
      ftp = await rig.ftp();
    });
    afterAll(async () => {
      await ftp?.close();
      await rig?.close();
    });

    it('opens with the documented order', () => {
      expect(rig.modem.info.vendor).toBe('simcom');
      const login = `AT+CFTPSLOGIN="${rig.server.host}",${rig.server.port},"${rig.server.user}","${rig.server.password}",0\r`;
      const mode = model === 'A7670E' ? 'AT+CFTPSMODE=1\r' : '';
      expect(rig.wire()).toBe(`AT+CFTPSSTART\rAT+CFTPSSINGLEIP=0\r${mode}${login}AT+CFTPSTYPE=I\r`);
    });

    it('downloads byte-exact (frames split anywhere, 0x03/0x1A/CR LF/result text in the data)', async () => {
      const data = cftpsPayload();
      await writeFile(join(rig.server.root, 'down.bin'), data);
      const sink = collector();
      rig.written.length = 0;
      const result = await ftp.downloadTo(sink.stream, 'down.bin');
      expect(result.bytes).toBe(data.length);
      expect(sha256(sink.bytes())).toBe(sha256(data));
      // SIZE first: progress has a total, and the length is checked (the module confirms none).
      expect(rig.wire()).toBe('AT+CFTPSSIZE="down.bin"\rAT+CFTPSGET="down.bin"\r');
    });

    it('resumes a download with startAt (REST)', async () => {
      const data = allBytes(4000);
      await writeFile(join(rig.server.root, 'resume.bin'), data);
      const sink = collector();
      rig.written.length = 0;
      await ftp.downloadTo(sink.stream, 'resume.bin', { startAt: 1234 });
      expect(sha256(sink.bytes())).toBe(sha256(data.subarray(1234)));
      expect(rig.wire()).toBe('AT+CFTPSSIZE="resume.bin"\rAT+CFTPSGET="resume.bin",1234\r');
    });

    it('uploads byte-exact through the escaped stream', async () => {
      const data = cftpsPayload();
      rig.written.length = 0;
      const result = await ftp.uploadFrom(data, 'up.bin');
      expect(result.bytes).toBe(data.length);
      expect(sha256(await readFile(join(rig.server.root, 'up.bin')))).toBe(sha256(data));
      expect(rig.wire().startsWith('AT+CFTPSPUT="up.bin"\r')).toBe(true);
    });

    it('uploads an empty file', async () => {
      await ftp.uploadFrom(new Uint8Array(0), 'empty.bin');
      expect((await stat(join(rig.server.root, 'empty.bin'))).size).toBe(0);
    });

    it('cd / pwd / mkdir / list / size / remove / rmdir on the server', async () => {
      await ftp.makeDir('dir1');
      await ftp.cd('dir1');
      expect(await ftp.pwd()).toBe('/dir1');
      await ftp.uploadFrom(Buffer.from('hello world'), 'a.txt');
      await mkdir(join(rig.server.root, 'dir1', 'sub'), { recursive: true });
      const names = (await ftp.list()).map((e) => `${e.name}:${e.type}`).sort();
      expect(names).toEqual(['a.txt:file', 'sub:directory']);
      expect(await ftp.listNames()).toEqual(expect.arrayContaining(['a.txt', 'sub']));
      expect(await ftp.size('a.txt')).toBe(11);
      await ftp.remove('a.txt');
      await expect(ftp.size('a.txt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await ftp.removeEmptyDir('sub');
      await ftp.cd('/');
      await ftp.removeEmptyDir('dir1');
      expect(await ftp.pwd()).toBe('/');
    });

    it('size of a small file whose size is also an error code is cross-checked, not misread', async () => {
      await writeFile(join(rig.server.root, 'seven.bin'), 'abcdefg');
      expect(await ftp.size('seven.bin')).toBe(7);
    });

    it('a missing file: NOT_FOUND with the module code', async () => {
      const error = await ftp.downloadTo(collector().stream, 'missing.bin').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
      expect((error as Error).message).toContain('SIMCom');
    });

    it('rename is UNSUPPORTED naming the family; lastMod from the LIST line', async () => {
      await expect(ftp.rename('a', 'b')).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining(model === 'A7670E' ? 'A76xx' : 'SIM7600') });
      await ftp.uploadFrom(Buffer.from('x'), 'when.txt');
      expect(Math.abs((await ftp.lastMod('when.txt')).getTime() - Date.now())).toBeLessThan(2 * 60_000);
    });

    if (model === 'SIM7600G') {
      it('cache mode downloads byte-exact', async () => {
        const data = cftpsPayload();
        await writeFile(join(rig.server.root, 'cached.bin'), data);
        // A new session replaces the one of the other tests (a module holds one login); it is the last test.
        ftp = await rig.ftp({ downloadStrategy: 'cache' });
        const sink = collector();
        await ftp.downloadTo(sink.stream, 'cached.bin');
        expect(sha256(sink.bytes())).toBe(sha256(data));
      });
    }
  });
}

/**
 * REST before STOR (append, blocks after the first) needs a server that
 * honours it: the in-process test server corrupts the head (its docs), proftpd
 * has AllowStoreRestart. FTPS against proftpd's certificate too.
 */
for (const model of ['A7670E', 'SIM7600G'] as const) {
  describe.skipIf(!proftpdAvailable())(`simcom() on the virtual ${model} against proftpd (REST + STOR, FTPS)`, () => {
    let server: ProftpdServer;
    let vm: VirtualModem;
    let modem: Modem;
    const plain = () => ({ host: server.host, port: server.port, user: server.user, password: server.password });

    beforeAll(async () => {
      server = await startProftpd();
      vm = await startVirtualModem({ model, link: 'memory' });
      modem = await openModem({ transport: vm.transport as ByteTransport, drivers: [simcom({ ca: server.ca })] });
      await modem.connect({ apn: 'internet' });
    });
    afterAll(async () => {
      await modem?.close();
      await vm?.close();
      await server?.stop();
    });

    it('appendFrom: <rest_size> = the remote size', async () => {
      const ftp = await modem.ftp(plain());
      const head = allBytes(500);
      const tail = cftpsPayload().subarray(0, 3000);
      // Through FTP, so the server's user owns the file it appends to.
      await ftp.uploadFrom(head, 'log.bin');
      await ftp.appendFrom(tail, 'log.bin');
      expect(sha256(await readFile(join(server.root, 'log.bin')))).toBe(sha256(Buffer.concat([head, tail])));
      await ftp.close();
    });

    it('uploads byte-exact through prompted blocks (REST + STOR per block)', async () => {
      const ftp = await modem.ftp({ ...plain(), uploadStrategy: 'block' });
      const data = cftpsPayload().subarray(0, 7000);
      await ftp.uploadFrom(data, 'blocks.bin');
      expect(sha256(await readFile(join(server.root, 'blocks.bin')))).toBe(sha256(data));
      await ftp.close();
    });

    for (const secure of ['explicit', 'implicit'] as const) {
      it(`FTPS ${secure}: ${model === 'A7670E' ? 'verified against the CA' : 'unverified only (no SSL context binding)'}, byte-exact both ways`, async () => {
        const port = secure === 'implicit' ? server.implicitPort : server.port;
        const options = { ...plain(), port, secure, ...(model === 'SIM7600G' ? { dangerouslyAcceptAnyCertificate: true } : {}) };
        const ftp = await modem.ftp(options);
        const data = cftpsPayload();
        await ftp.uploadFrom(data, `tls-${secure}.bin`);
        expect(sha256(await readFile(join(server.root, `tls-${secure}.bin`)))).toBe(sha256(data));
        const sink = collector();
        await ftp.downloadTo(sink.stream, `tls-${secure}.bin`);
        expect(sha256(sink.bytes())).toBe(sha256(data));
        await ftp.close();
      });
    }
  });
}
