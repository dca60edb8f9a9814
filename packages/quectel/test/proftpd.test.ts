import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FtpError, type FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ftpOptions,
  proftpdAvailable,
  random,
  requireTool,
  sha256,
  startProftpd,
  startRig,
  writtenText,
  type ProftpdServer,
  type Rig,
} from './support/harness.js';

/** A CA that did not sign the server's certificate. */
function strangerCa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cellftp-stranger-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  return readFileSync(join(dir, 'c.pem'), 'utf8');
}

const run = requireTool(proftpdAvailable(), 'proftpd (with proftpd-mod-crypto)');

const sink = (): { writable: Writable; bytes(): Buffer } => {
  const parts: Buffer[] = [];
  return { writable: new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }), bytes: () => Buffer.concat(parts) };
};

describe.runIf(run)('against proftpd (MLSD, REST+STOR, FTPS)', () => {
  let server: ProftpdServer;
  let rig: Rig;
  beforeAll(async () => {
    server = await startProftpd();
    // A real module would hold the CA in UFS (QSSLCFG "cacert"); the emulator takes it as trust.
    rig = await startRig({ tls: { ca: server.ca } });
  });
  afterAll(async () => {
    await rig?.close();
    await server?.stop();
  });

  describe('plain FTP', () => {
    let ftp: FtpSession;
    beforeAll(async () => {
      ftp = await rig.modem.ftp(ftpOptions(server));
    });
    afterAll(async () => ftp?.close());

    it('lists with MLSD (facts parsed, no LIST fallback)', async () => {
      writeFileSync(join(server.root, 'm.txt'), 'mlsd');
      const from = rig.written.length;
      const entries = await ftp.list();
      expect(entries.find((e) => e.name === 'm.txt')).toMatchObject({ type: 'file', size: 4 });
      expect(entries.find((e) => e.name === 'm.txt')?.raw).toMatch(/type=file/i);
      expect(writtenText(rig, from)).not.toContain('QFTPLIST');
    });

    it('appendFrom continues at the remote size', async () => {
      const head = random(30_000);
      const tail = random(20_000);
      // Written by the test process: proftpd runs as nobody and must be allowed to extend it.
      writeFileSync(join(server.root, 'app.bin'), head, { mode: 0o666 });
      chmodSync(join(server.root, 'app.bin'), 0o666);
      const from = rig.written.length;
      await ftp.appendFrom(tail, 'app.bin');
      expect(writtenText(rig, from)).toContain('AT+QFTPPUT="app.bin","COM:",30000,');
      expect(sha256(readFileSync(join(server.root, 'app.bin')))).toBe(sha256(Buffer.concat([head, tail])));
    });

    it('an upload cut by a dropped data connection is resumed with appendFrom', async () => {
      const data = random(100_000);
      rig.vm.faults.closeDataAfterBytes = 30_000;
      const error = await ftp.uploadFrom(data, 'cut.bin').then(() => undefined, (e: unknown) => e as FtpError);
      delete rig.vm.faults.closeDataAfterBytes;
      expect(error).toBeInstanceOf(FtpError);
      // The cut session's server process may still be closing the file when the next login asks for
      // its size (seen once under load): resume from a size that has stopped changing.
      let have = await ftp.size('cut.bin');
      for (let again = -1; again !== have; ) {
        if (again >= 0) have = again;
        await new Promise((r) => setTimeout(r, 100));
        again = await ftp.size('cut.bin');
      }
      expect(have).toBeLessThan(data.length);
      await ftp.appendFrom(data.subarray(have), 'cut.bin');
      expect(sha256(readFileSync(join(server.root, 'cut.bin')))).toBe(sha256(data));
    });

    it('downloads an empty file and reads lastMod', async () => {
      writeFileSync(join(server.root, 'zero.bin'), '');
      const s = sink();
      expect((await ftp.downloadTo(s.writable, 'zero.bin')).bytes).toBe(0);
      const mtime = statSync(join(server.root, 'zero.bin')).mtime;
      expect(Math.abs((await ftp.lastMod('zero.bin')).getTime() - mtime.getTime())).toBeLessThan(1000);
    });
  });

  describe.each([
    ['explicit', (s: ProftpdServer) => s.port, 2],
    ['implicit', (s: ProftpdServer) => s.implicitPort, 1],
  ] as const)('FTPS %s', (mode, port, ssltype) => {
    it('configures the SSL context, verifies the certificate and round-trips a file', async () => {
      const from = rig.written.length;
      const ftp = await rig.modem.ftp(ftpOptions(server, { port: port(server), secure: mode }));
      try {
        const sent = writtenText(rig, from);
        expect(sent).toContain(`AT+QFTPCFG="ssltype",${ssltype}\r`);
        expect(sent).toContain('AT+QFTPCFG="sslctxid",1\rAT+QSSLCFG="sslversion",1,4\rAT+QSSLCFG="ciphersuite",1,0XFFFF\rAT+QSSLCFG="seclevel",1,1\r');
        const data = random(200_000);
        await ftp.uploadFrom(data, `tls-${mode}.bin`);
        expect(sha256(readFileSync(join(server.root, `tls-${mode}.bin`)))).toBe(sha256(data));
        const s = sink();
        await ftp.downloadTo(s.writable, `tls-${mode}.bin`);
        expect(sha256(s.bytes())).toBe(sha256(data));
        expect((await ftp.list()).some((e) => e.name === `tls-${mode}.bin`)).toBe(true);
      } finally {
        await ftp.close();
      }
    });
  });

  it.each(['EC25', 'BG96'] as const)('%s: quectel({ ca }) stores the local CA once per attach and verifies against it', async (model) => {
    // No emulator-side trust: only the PEM written to the module's UFS lets the certificate pass.
    const name = model === 'EC25' ? 'UFS:cellftp_ca.pem' : 'cellftp_ca.pem';
    const own = await startRig({ model }, { ca: server.ca });
    try {
      for (const round of [1, 2]) {
        const from = own.written.length;
        const ftp = await own.modem.ftp(ftpOptions(server, { port: server.implicitPort, secure: 'implicit' }));
        const sent = writtenText(own, from);
        const upload = `AT+QFDEL="${name}"\rAT+QFUPL="${name}",${Buffer.byteLength(server.ca)},5\r`;
        if (round === 1) expect(sent).toContain(upload);
        else expect(sent).not.toContain('AT+QFUPL');
        expect(sent).toContain(`AT+QSSLCFG="seclevel",1,1\rAT+QSSLCFG="cacert",1,"${name}"\r`);
        expect(await ftp.pwd()).toBe('/');
        await ftp.close();
      }
    } finally {
      await own.close();
    }
  });

  it('quectel({ ca }) with a CA that did not sign the server certificate is TLS (631)', async () => {
    const stranger = await startRig({}, { ca: strangerCa() });
    try {
      const error = await stranger.modem
        .ftp(ftpOptions(server, { port: server.implicitPort, secure: 'implicit' }))
        .then(() => undefined, (e: unknown) => e as FtpError);
      expect(error).toMatchObject({ code: 'TLS', vendorCode: 631 });
    } finally {
      await stranger.close();
    }
  });

  it('an untrusted certificate is TLS (631); dangerouslyAcceptAnyCertificate sets seclevel 0', async () => {
    const untrusting = await startRig();
    try {
      const error = await untrusting.modem
        .ftp(ftpOptions(server, { port: server.implicitPort, secure: 'implicit' }))
        .then(() => undefined, (e: unknown) => e as FtpError);
      expect(error).toMatchObject({ code: 'TLS', vendorCode: 631 });
      const from = untrusting.written.length;
      const ftp = await untrusting.modem.ftp(ftpOptions(server, { port: server.implicitPort, secure: 'implicit', dangerouslyAcceptAnyCertificate: true }));
      expect(writtenText(untrusting, from)).toContain('AT+QSSLCFG="seclevel",1,0\r');
      expect(await ftp.pwd()).toBe('/');
      await ftp.close();
    } finally {
      await untrusting.close();
    }
  });
});
