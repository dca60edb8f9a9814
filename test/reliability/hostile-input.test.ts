/**
 * Issue #7, bad input and injection: hostile strings into every public method
 * of both real drivers. Each call must reject with INVALID_ARGUMENT and not
 * one byte may reach the transport (its `write` is spied). Legal UTF-8 names
 * must round-trip.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { FtpError, type FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { sha256, startVendorRig, VENDORS, type VendorRig } from '../support/vendor-rig.js';

/** What must never pass: AT-command delimiters and quoting, line breaks, NUL, separators, unencodable text. */
const POISON = ['"', '\r', '\n', '\r\n', '\0', ';', '\u2028', '\u2029', '\u0085', '\u001b', '\u007f', '\ud800', '\udfff', '\ud83d', '\t', '\u0003', '\u0010'];

/** A hostile path: legal text around at least one poison character, or a name far over every limit. */
const hostilePath = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...POISON), fc.string({ maxLength: 20 }))
    .map(([a, p, b]) => `${a.replace(/[\u0000-\u001f"\u007f;]/g, '')}${p}${b}`),
  fc.constantFrom(...POISON).map((p) => `dir/${p}AT+QFTPDEL="x"${p}.bin`),
  fc.integer({ min: 256, max: 4000 }).map((n) => 'n'.repeat(n)),
  fc.integer({ min: 300, max: 2000 }).map((n) => `/${'d/'.repeat(n)}f`),
);

type Call = (ftp: FtpSession, path: string) => Promise<unknown>;
const discard = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });
const METHODS: Record<string, Call> = {
  cd: (f, p) => f.cd(p),
  list: (f, p) => f.list(p),
  listNames: (f, p) => f.listNames(p),
  size: (f, p) => f.size(p),
  lastMod: (f, p) => f.lastMod(p),
  makeDir: (f, p) => f.makeDir(p),
  ensureDir: (f, p) => f.ensureDir(p),
  removeEmptyDir: (f, p) => f.removeEmptyDir(p),
  remove: (f, p) => f.remove(p),
  'rename from': (f, p) => f.rename(p, 'ok.bin'),
  'rename to': (f, p) => f.rename('ok.bin', p),
  downloadTo: (f, p) => f.downloadTo(discard(), p),
  uploadFrom: (f, p) => f.uploadFrom(Buffer.from('x'), p),
  appendFrom: (f, p) => f.appendFrom(Buffer.from('x'), p),
};

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'ok.bin'), 'ok');
});
afterAll(async () => server?.stop());

async function invalid(rig: VendorRig, call: () => Promise<unknown>): Promise<void> {
  const before = rig.written.length;
  const error = await call().then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FtpError);
  expect((error as FtpError).code, (error as FtpError).message).toBe('INVALID_ARGUMENT');
  expect(rig.written.slice(before).map((b) => b.toString('latin1'))).toEqual([]);
}

describe.each(VENDORS)('hostile input on %s', (vendor) => {
  let rig: VendorRig;
  let ftp: FtpSession;
  beforeAll(async () => {
    rig = await startVendorRig({ vendor, target: server, timeoutMs: 5000 });
    ftp = await rig.ftp();
  });
  afterAll(async () => {
    await ftp?.close();
    await rig?.close();
  });

  it.each(Object.keys(METHODS))('%s: INVALID_ARGUMENT and nothing written, for any hostile path', async (method) => {
    const call = METHODS[method] as Call;
    await fc.assert(
      fc.asyncProperty(hostilePath, async (path) => invalid(rig, () => call(ftp, path))),
      { numRuns: 60, seed: 7 },
    );
  });

  it('bad transfer options and sources: INVALID_ARGUMENT and nothing written', async () => {
    for (const startAt of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) await invalid(rig, () => ftp.downloadTo(discard(), 'ok.bin', { startAt }));
    await invalid(rig, () => ftp.uploadFrom(42 as never, 'ok.bin'));
    await invalid(rig, () => ftp.appendFrom({} as never, 'ok.bin'));
  });

  it('modem.ftp() and modem.connect(): hostile host, user, password, port, APN', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POISON), fc.constantFrom('host', 'user', 'password'), async (p, field) => {
        await invalid(rig, () => rig.modem.ftp({ ...rig.ftpOptions(), [field]: `a${p}b` }));
      }),
      { numRuns: 40, seed: 11 },
    );
    for (const port of [0, -1, 65536, 21.5]) await invalid(rig, () => rig.modem.ftp({ ...rig.ftpOptions(), port }));
    await invalid(rig, () => rig.modem.ftp({ url: 'ftp://u:p@host\r\nAT+CFUN=0/' }));
    await invalid(rig, () => rig.modem.ftp({ ...rig.ftpOptions(), user: 'u'.repeat(300) }));
    for (const p of POISON) await invalid(rig, () => rig.modem.connect({ apn: `inter${p}net` }));
    await invalid(rig, () => rig.modem.connect({ apn: 'internet', password: 'p"; AT+CFUN=0' }));
  });

  it('the session still works after all that', async () => {
    expect(await ftp.size('ok.bin')).toBe(2);
  });

  it.each(['café-Ünïcødé.bin', '日本語のファイル.bin', 'emoji-😀-ok.bin', 'spaces and (brackets) [x] {y}.bin', "it's-an-apostrophe.bin", 'dash-#-percent-%-amp-&.bin'])(
    'legal name %j round-trips',
    async (name) => {
      const data = Buffer.from(`payload of ${name}`, 'utf8');
      await ftp.uploadFrom(data, name);
      expect(sha256(await readFile(join(server.root, name)))).toBe(sha256(data));
      const parts: Buffer[] = [];
      await ftp.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), name);
      expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
      expect(await ftp.listNames()).toContain(name);
    },
  );
});
