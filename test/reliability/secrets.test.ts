/**
 * Issue #7, secrets: a full session on both modules — connect with APN
 * credentials, a wrong password, every operation, failures, FTPS set-up, close —
 * and then everything the trace and the errors carry is scanned for the user
 * names and passwords. FTPS verification is on by default (the AT commands
 * sent are asserted) and off only with the loudly named option.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FtpError } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, testCertificate, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { CFTPS_PROFILES } from '@cellftp/simcom';
import { rigModels, startVendorRig, type VendorRig } from '../support/vendor-rig.js';

const USER = 'usr-Xk2-agent';
const PASSWORD = 'Pw-s3cr3t-Zq9';
const WRONG = 'Wr0ng-Pw-77x';
const APN_USER = 'apn-user-Q1z';
const APN_PASSWORD = 'apn-pass-Q2z';
const SECRETS = [USER, PASSWORD, WRONG, APN_USER, APN_PASSWORD];

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer({ user: USER, password: PASSWORD });
  await writeFile(join(server.root, 'a.bin'), Buffer.alloc(3000, 7));
});
afterAll(async () => server?.stop());

/** Everything an error shows: message, command, stack, cause chain, enumerable fields. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error) parts.push(e.message, e.stack ?? '', String((e as FtpError).command ?? ''), JSON.stringify({ ...e }));
    else parts.push(String(e));
  }
  return parts.join('\n');
}

const discard = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });
const commands = (rig: VendorRig, from = 0): string[] => rig.trace.slice(from).filter((e) => e.dir === 'tx' && e.kind === 'command').map((e) => e.text);

describe.concurrent.each(rigModels())('secrets on $model ($vendor)', ({ vendor, model }) => {
  let rig: VendorRig;
  const errors: unknown[] = [];
  const keep = async (p: Promise<unknown>): Promise<void> => {
    await p.catch((e: unknown) => void errors.push(e));
  };
  beforeAll(async () => {
    rig = await startVendorRig({ vendor, model, target: server, timeoutMs: 4000, simcom: { ca: testCertificate().cert } });
  });
  afterAll(async () => rig?.close());

  it('a full session leaves no user name or password in the trace or in any error', async () => {
    await keep(rig.modem.connect({ apn: 'corp', user: APN_USER, password: APN_PASSWORD, contextId: vendor === 'quectel' ? 2 : 1 }));
    await keep(rig.ftp({ password: WRONG }));
    // The URL alone: rig.ftp() would add the right password as a field, which wins over the URL's.
    await keep(rig.modem.ftp({ url: `ftp://${USER}:${WRONG}@127.0.0.1:${server.port}/`, timeoutMs: 4000 }));
    const ftp = await rig.ftp();
    await ftp.ensureDir('/s/t');
    await ftp.cd('/');
    await ftp.uploadFrom(Buffer.from(`contains ${PASSWORD.length} chars`), `b-${model}.bin`);
    await ftp.downloadTo(discard(), 'a.bin');
    await ftp.list();
    await ftp.size('a.bin');
    await keep(ftp.size('missing.bin'));
    await keep(ftp.downloadTo(discard(), 'missing.bin'));
    await keep(ftp.cd('nowhere'));
    await keep(ftp.rename('missing.bin', 'x.bin'));
    await ftp.close();
    // One FTP session per module: the failing TLS login comes after the session above is closed.
    await keep(rig.ftp({ secure: 'explicit' }));
    expect(errors.length).toBeGreaterThanOrEqual(7);
    for (const e of errors) expect(e).toBeInstanceOf(FtpError);
    const traceText = rig.trace.map((e) => JSON.stringify(e)).join('\n');
    const all = `${traceText}\n${errors.map(errorText).join('\n')}`;
    for (const secret of SECRETS) expect(all.includes(secret), `"${secret}" leaked`).toBe(false);
    // And the commands that carried them are in the trace, redacted: the scan looked at the right thing.
    expect(commands(rig).some((c) => c.includes('***'))).toBe(true);
    // The unredacted bytes did go to the modem (the spy sees them): only the trace is redacted.
    expect(Buffer.concat(rig.written).toString('latin1')).toContain(PASSWORD);
  });
});

describe('FTPS certificate verification is on by default', () => {
  const quectelModels = rigModels().filter((t) => t.dialect === 'quectel').map((t) => t.model);
  const cftpsModels = rigModels().filter((t) => t.dialect === 'simcom-cftps').map((t) => t.model);

  it.each(quectelModels)('Quectel %s: seclevel 1 by default, 0 only with dangerouslyAcceptAnyCertificate', async (model) => {
    const rig = await startVendorRig({ vendor: 'quectel', model, target: server, timeoutMs: 4000 });
    try {
      for (const [extra, level] of [[{}, 1], [{ dangerouslyAcceptAnyCertificate: true }, 0]] as const) {
        const from = rig.trace.length;
        // A plain server: the TLS handshake fails, but the configuration written before it is what counts.
        const result = await rig.ftp({ secure: 'explicit', ...extra }).then((s) => s.close(), (e: unknown) => e);
        if (result instanceof Error) expect(result).toBeInstanceOf(FtpError);
        const sent = commands(rig, from);
        expect(sent).toContain(`AT+QSSLCFG="seclevel",1,${level}`);
        expect(sent).toContain('AT+QFTPCFG="ssltype",2');
        expect(sent.indexOf(`AT+QSSLCFG="seclevel",1,${level}`)).toBeLessThan(sent.findIndex((c) => c.startsWith('AT+QFTPOPEN')));
      }
    } finally {
      await rig.close();
    }
  });

  it('SIMCom: FTPS verifies against the CA on the module by default; without one it refuses before writing', async () => {
    const plain = await startVendorRig({ vendor: 'simcom', target: server, timeoutMs: 4000 });
    try {
      const before = plain.written.length;
      const refused = await plain.ftp({ secure: 'explicit' }).then(() => undefined, (e: unknown) => e);
      expect((refused as FtpError).code).toBe('INVALID_ARGUMENT');
      expect((refused as FtpError).message).toMatch(/dangerouslyAcceptAnyCertificate/);
      expect(plain.written.length).toBe(before);
      const from = plain.trace.length;
      await plain.ftp({ secure: 'explicit', dangerouslyAcceptAnyCertificate: true }).then((s) => s.close(), () => undefined);
      expect(commands(plain, from)).toContain('AT+FTPSSL=2,1,"",""');
    } finally {
      await plain.close();
    }
    const withCa = await startVendorRig({ vendor: 'simcom', target: server, timeoutMs: 4000, simcom: { ca: testCertificate().cert } });
    try {
      await withCa.ftp({ secure: 'explicit' }).then((s) => s.close(), () => undefined);
      const sent = commands(withCa);
      expect(sent).toContain('AT+CSSLCFG="CONVERT",2,"cellftp_ca.pem"');
      expect(sent).toContain('AT+FTPSSL=2,1,"cellftp_ca.pem",""');
    } finally {
      await withCa.close();
    }
  });

  it.each(cftpsModels)('SIMCom %s (AT+CFTPS*): without a CA FTPS is refused before writing; with one the server is verified against it', async (model) => {
    const plain = await startVendorRig({ vendor: 'simcom', model, target: server, timeoutMs: 4000 });
    const binds = CFTPS_PROFILES.find((p) => p.models.test(model))?.sslConfig;
    try {
      const before = plain.written.length;
      const refused = await plain.ftp({ secure: 'explicit' }).then(() => undefined, (e: unknown) => e);
      // SIM7600 has no SSL context binding, so it cannot verify at all (digest §8).
      expect((refused as FtpError).code).toBe(binds ? 'INVALID_ARGUMENT' : 'UNSUPPORTED');
      expect((refused as FtpError).message).toMatch(/dangerouslyAcceptAnyCertificate/);
      expect(plain.written.length).toBe(before);
    } finally {
      await plain.close();
    }
    if (!binds) return;
    const withCa = await startVendorRig({ vendor: 'simcom', model, target: server, timeoutMs: 4000, simcom: { ca: testCertificate().cert } });
    try {
      await withCa.ftp({ secure: 'explicit' }).then((s) => s.close(), () => undefined);
      const sent = commands(withCa);
      expect(sent.some((c) => c.startsWith('AT+CCERTDOWN="cellftp-ca.pem",'))).toBe(true);
      expect(sent).toContain('AT+CSSLCFG="authmode",1,1');
      expect(sent).toContain('AT+CSSLCFG="cacert",1,"cellftp-ca.pem"');
      expect(sent).toContain('AT+CFTPSSLCFG=1,1');
      expect(sent.indexOf('AT+CFTPSSLCFG=1,1')).toBeLessThan(sent.findIndex((c) => c.startsWith('AT+CFTPSLOGIN=')));
    } finally {
      await withCa.close();
    }
  });
});
