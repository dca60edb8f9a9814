/**
 * Issue #7: garbage bytes and unsolicited lines injected at random points,
 * seeded, at least 200 seeds per module. Every run must end correctly: the
 * upload and the download both complete with the source's sha256. A seed
 * that fails is named in the test title and reproduces on its own.
 */
import { Writable } from 'node:stream';
import { FtpError } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { seededBytes, seededRandom, sha256, startVendorRig, VENDORS, type Vendor } from '../support/vendor-rig.js';

const SEEDS = Number(process.env.CELLFTP_GARBAGE_SEEDS ?? 200);

/** Lines a module may print on its own at any time, none of them a driver's result URC. */
const UNSOLICITED = [
  '+CREG: 1',
  '+CEREG: 5',
  '+CGREG: 1',
  'RING',
  '+CSQ: 21,99',
  '+CPIN: READY',
  '+QIURC: "recv",2',
  '+QIND: SMS DONE',
  '+CTZV: 32,0',
  'SMS Ready',
  '+APP PDP: 3,ACTIVE',
  '+CMTI: "SM",1',
  '+QFTPSTAT: 1,1',
  '+FTPGET: 9,9',
];

/** Injected lines the engine saw, per module: proves the faults really struck. */
const seen: Record<Vendor, number> = { quectel: 0, simcom: 0 };
let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer({ user: 'garbage-user', password: 'garbage-pass' });
});
afterAll(async () => {
  await server?.stop();
  if (SEEDS >= 20) for (const vendor of VENDORS) expect(seen[vendor], `${vendor}: no injected line reached the engine`).toBeGreaterThan(SEEDS);
});

const sink = (): { writable: Writable; bytes(): Buffer } => {
  const parts: Buffer[] = [];
  return { writable: new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }), bytes: () => Buffer.concat(parts) };
};

async function runSeed(vendor: Vendor, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const probability = 0.2 + random() * 0.6;
  const rig = await startVendorRig({ vendor, target: server, timeoutMs: 3000, quectel: { downloadChunkBytes: 1024, uploadChunkBytes: 1024 } });
  try {
    const ftp = await rig.ftp();
    // Armed after the session opened, so the faults strike the operations, at seeded points.
    rig.vm.faults.injectGarbage = { seed, probability };
    rig.vm.faults.injectLines = { seed: seed ^ 0x5a5a, lines: UNSOLICITED, probability };
    const data = seededBytes(500 + Math.floor(random() * 3500), seed);
    const name = `g-${vendor}-${seed}.bin`;
    await ftp.uploadFrom(data, name);
    const out = sink();
    const result = await ftp.downloadTo(out.writable, name);
    expect(result.bytes).toBe(data.length);
    expect(sha256(out.bytes())).toBe(sha256(data));
    expect(await ftp.size(name)).toBe(data.length);
    await ftp.close();
  } catch (error) {
    if (error instanceof FtpError) error.message = `seed ${seed}: ${error.message}`;
    throw error;
  } finally {
    seen[vendor] += rig.trace.filter((e) => e.dir === 'rx' && UNSOLICITED.includes(e.text)).length;
    await rig.close();
  }
}

for (const vendor of VENDORS) {
  describe.concurrent(`garbage and unsolicited lines on ${vendor}`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      it(`seed ${seed}`, () => runSeed(vendor, seed), 20_000);
    }
  });
}
