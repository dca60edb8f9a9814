import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError } from '@cellftp/core';
import { proftpdAvailable, requireTool, startProftpd, type ProftpdServer } from '@cellftp/emulator/testing';
import { dangerousPayload, sha256, startRig, type Rig } from './harness.js';

const run = requireTool(proftpdAvailable(), 'proftpd with mod_tls');

/** A CA that did not sign the server's certificate. */
function strangerCa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cellftp-stranger-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger',
    '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  return readFileSync(join(dir, 'c.pem'), 'utf8');
}

describe.runIf(run)('FTPS through AT+FTPSSL against proftpd', () => {
  let server: ProftpdServer;
  let rig: Rig;
  beforeAll(async () => {
    server = await startProftpd();
    rig = await startRig({ server: server as never, driver: { ca: server.ca } });
  }, 20_000);
  afterAll(async () => {
    await rig?.close();
    await server?.stop();
  });

  it.each([
    ['explicit', () => server.port, 2],
    ['implicit', () => server.implicitPort, 1],
  ] as const)('%s TLS with the uploaded CA verified: binary round trip', async (mode, port, ssltype) => {
    rig.clearTrace();
    const ftp = await rig.ftp({ secure: mode, port: port() });
    const sent = rig.commands();
    expect(sent).toContain(`AT+FTPSSL=${ssltype},1,"cellftp_ca.pem",""`);
    const data = dangerousPayload();
    await ftp.uploadFrom(data, `tls-${mode}.bin`);
    expect(sha256(await readFile(join(server.root, `tls-${mode}.bin`)))).toBe(sha256(data));
    const parts: Buffer[] = [];
    await ftp.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), `tls-${mode}.bin`);
    expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
    await ftp.close();
  });

  it('uploads and converts the CA once per module (CFSWFILE + CSSLCFG="CONVERT")', async () => {
    const fresh = await startRig({ server: server as never, driver: { ca: server.ca } });
    try {
      await (await fresh.ftp({ secure: 'explicit', port: server.port })).close();
      await (await fresh.ftp({ secure: 'explicit', port: server.port })).close();
      const sent = fresh.commands();
      expect(sent.filter((c) => c === 'AT+CSSLCFG="CONVERT",2,"cellftp_ca.pem"')).toHaveLength(1);
      expect(sent.filter((c) => c.startsWith('AT+CFSWFILE='))).toEqual([`AT+CFSWFILE=3,"cellftp_ca.pem",0,${Buffer.byteLength(server.ca)},10000`]);
      expect(sent.indexOf('AT+CFSINIT')).toBeLessThan(sent.indexOf('AT+CFSTERM'));
    } finally {
      await fresh.close();
    }
  });

  it('a server whose certificate the CA does not sign fails with TLS (error 90)', async () => {
    const ca = strangerCa();
    const other = await startRig({ server: server as never, driver: { ca, caName: 'stranger.pem' } });
    try {
      const error = await other.ftp({ secure: 'explicit', port: server.port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FtpError);
      expect((error as FtpError).code).toBe('TLS');
      expect((error as FtpError).vendorCode).toBe(90);
      const sent = other.commands();
      expect(sent).toContain(`AT+CFSWFILE=3,"stranger.pem",0,${Buffer.byteLength(ca)},10000`);
      expect(sent).toContain('AT+FTPSSL=2,1,"stranger.pem",""');
    } finally {
      await other.close();
    }
  }, 15_000);

  it('dangerouslyAcceptAnyCertificate connects without a CA (empty CA list)', async () => {
    const plain = await startRig({ server: server as never });
    try {
      const ftp = await plain.ftp({ secure: 'explicit', port: server.port, dangerouslyAcceptAnyCertificate: true });
      expect(plain.commands()).toContain('AT+FTPSSL=2,1,"",""');
      await writeFile(join(server.root, 'insecure.txt'), 'x');
      expect(await ftp.size('insecure.txt')).toBe(1);
      await ftp.close();
    } finally {
      await plain.close();
    }
  });
});

