import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError, openModem } from '@cellftp/core';
import { startVirtualModem, virtualModel, virtualModelNames, virtualModelVariants } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import { ublox } from '@cellftp/ublox';
import { proftpdAvailable, requireTool, startProftpd, type ProftpdServer } from '@cellftp/emulator/testing';
import { fieldOptions } from '../support/field.js';
import { runApplication, type ApplicationReport } from './application.js';

const hasSocat = spawnSync('socat', ['-V']).status === 0;
const run = requireTool(hasSocat, 'socat (pty pairs)') && requireTool(proftpdAvailable(), 'proftpd');

/** 512 KiB where every byte value occurs 2048 times. */
const payload = new Uint8Array(512 * 1024).map((_, i) => (i * 131 + (i >> 8)) & 0xff);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/**
 * The data each model can move: a SARA-R4 stages every file in its flash
 * (236 800 bytes free, R4-MAN §16, digest §10), so it gets 200 KiB of the same
 * payload; the application is the same.
 */
const payloadFor = (model: string): Uint8Array => (model === 'SARA-R410M' ? payload.subarray(0, 200 * 1024) : payload);

describe.runIf(run)('one application, every vendor (real pty, proftpd)', () => {
  let server: ProftpdServer;
  const reports = new Map<string, ApplicationReport>();

  beforeAll(async () => {
    server = await startProftpd();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(virtualModelNames())('%s', (model) => {
    it('runs the application unchanged and gets the same results', async () => {
      const vm = await startVirtualModem({ model, link: 'pty', baudRate: 3_000_000, ...fieldOptions(1) });
      const modem = await openModem({ path: vm.path as string, baudRate: 3_000_000, drivers: [quectel(), simcom(), ublox()] });
      try {
        expect(modem.info.vendor).toBe(virtualModel(model).vendor);
        const data = payloadFor(model);
        const report = await runApplication(modem, { host: '127.0.0.1', port: server.port, user: server.user, password: server.password }, data);
        reports.set(model, report);

        expect(report.uploaded).toBe(data.length);
        expect(report.pwdAfterEnsureDir).toBe('/conformance/run');
        expect(report.listed).toMatchObject({ name: 'all-bytes.bin', type: 'file', size: data.length });
        expect(report.namesAfterUpload).toEqual(['all-bytes.bin']);
        expect(report.size).toBe(data.length);
        expect(Math.abs(report.lastMod.getTime() - Date.now())).toBeLessThan(10 * 60_000);
        expect(report.downloadedSha).toBe(sha(data));
        expect(report.resumedBytes).toBe(data.length - data.length / 2);
        expect(report.resumedSha).toBe(sha(data));
        expect(report.appendedSize).toBe(3000);
        expect(report.renamedNames).toEqual(['log.txt', 'renamed.bin']);
        expect(report.finalNames).toEqual([]);
        expect(existsSync(join(server.root, 'conformance', 'run'))).toBe(false);
        expect(report.errors.wrongPassword.code).toBe('AUTH_FAILED');
        expect(report.errors.missingFile.code).toBe('NOT_FOUND');
        expect(report.errors.missingDirectory.code).toBe('NOT_FOUND');
        expect(report.errors.downloadMissing.code).toBe('NOT_FOUND');
        expect(report.errors.uploadIntoMissingDirectory.code).toBe('NOT_FOUND');
      } finally {
        await modem.close();
        await vm.close();
      }
    }, 120_000);

    it('says what it cannot do, and the documented fallback works', () => {
      const report = reports.get(model);
      expect(report, 'the application run above must have passed').toBeDefined();
      const caps = report!.capabilities;
      expect(caps.downloadStrategies.length).toBeGreaterThan(0);
      expect(caps.uploadStrategies.length).toBeGreaterThan(0);
      // Without MLSD the listing comes from LIST, which still carries the size (checked above).
      if (!caps.mlsd) expect(report!.listed?.raw).toMatch(/all-bytes\.bin/);
      // Without NLST, names are derived from the listing: the same set as list() shows.
      if (!caps.nlst) expect(report!.namesAfterUpload).toEqual(['all-bytes.bin']);
      // Without a module-side CWD the driver tracks it: pwd() still answered the ensured directory.
      if (!caps.serverSideCwd) expect(report!.pwdAfterEnsureDir).toBe('/conformance/run');
    });
  });

  it('gives every vendor the same error codes for the same failures', () => {
    const [ec25, sim] = [reports.get('EC25'), reports.get('SIM7080G')];
    expect(ec25 && sim, 'both application runs must have passed').toBeTruthy();
    const codes = (r: ApplicationReport) => Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, v.code]));
    expect(codes(ec25!)).toEqual(codes(sim!));
    for (const sara of ['SARA-R5', 'SARA-R410M']) {
      const report = reports.get(sara);
      expect(report, `the ${sara} application run must have passed`).toBeDefined();
      expect(codes(report!)).toEqual(codes(ec25!));
      // +UFTPER: 1,530 (the server's reply, passed through) or 1,34 (login incorrect).
      expect([530, 34]).toContain(report!.errors.wrongPassword.vendorCode);
    }
    expect(ec25!.errors.wrongPassword.vendorCode).toBe(625);
    expect(sim!.errors.wrongPassword.vendorCode).toBe(72);
  });
});

/** Models whose FTP command set has no active mode at all. */
const PASSIVE_ONLY: ReadonlySet<string> = new Set(['SIM7600G']);

/** `passive: false` works the same on both vendors: the server refuses PASV/EPSV, so only real PORT connections succeed. */
describe.runIf(run)('active mode, every vendor (a server that refuses passive mode)', () => {
  let server: ProftpdServer;
  beforeAll(async () => {
    server = await startProftpd({ dataModes: ['active'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(virtualModelNames())('%s uploads, lists and downloads byte exact with passive: false', async (model) => {
    // On SARA, active mode is refused by the virtual carrier (1,42) unless the network is reachable, as here.
    const reachable = 'active-reachable' in virtualModelVariants(model) ? { variants: ['active-reachable'] } : {};
    const vm = await startVirtualModem({ model, link: 'memory', ...reachable, ...fieldOptions(2) });
    const modem = await openModem({ transport: vm.transport!, drivers: [quectel(), simcom(), ublox()] });
    try {
      await modem.connect({ apn: 'internet' });
      const login = { host: '127.0.0.1', port: server.port, user: server.user, password: server.password };
      const name = `active-${model}.bin`;
      const data = payload.subarray(0, 64 * 1024);
      if (PASSIVE_ONLY.has(model)) {
        // No AT+CFTPSMODE in the SIM7500/7600 manual V3.00: refused before any login, naming the family.
        await expect(modem.ftp({ ...login, passive: false })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/^active mode: SIM7600/) });
        return;
      }
      const ftp = await modem.ftp({ ...login, passive: false });
      expect((await ftp.uploadFrom(data, name)).bytes).toBe(data.length);
      expect(sha(readFileSync(join(server.root, name)))).toBe(sha(data));
      expect((await ftp.list()).find((f) => f.name === name)).toMatchObject({ size: data.length });
      const hash = createHash('sha256');
      const sink = new Writable({ write: (chunk: Buffer, _e, done) => done(void hash.update(chunk)) });
      expect((await ftp.downloadTo(sink, name)).bytes).toBe(data.length);
      expect(hash.digest('hex')).toBe(sha(data));
      await ftp.close();
      // Passive mode is refused by this server (SIMCom already at login, which it checks with a
      // listing; Quectel at the first transfer): the mode above was really active.
      const passiveList = async (): Promise<void> => {
        const passive = await modem.ftp(login);
        try {
          await passive.list();
        } finally {
          await passive.close();
        }
      };
      await expect(passiveList()).rejects.toThrow(FtpError);
    } finally {
      await modem.close();
      await vm.close();
    }
  }, 60_000);
});
