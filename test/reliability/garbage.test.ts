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
import type { VirtualModelName } from '@cellftp/emulator';
import { rigModels, seededBytes, seededRandom, sha256, startVendorRig, type Vendor } from '../support/vendor-rig.js';

/** Seeds on each vendor's first model; every other model runs the first fifth of them. */
const SEEDS = Number(process.env.CELLFTP_GARBAGE_SEEDS ?? 200);
const OTHER_MODEL_SEEDS = Math.max(1, Math.ceil(SEEDS / 5));
const TARGETS = rigModels();

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
  // The AT+CFTPS* families' own noise (A76xx boot and network lines), and lookalikes of their results.
  'PB DONE',
  '+CGEV: ME PDN ACT 1',
  '+CTZE: "+04",0,"2026/12/02,13:00:00"',
  '+CFTPSGET: 9,9',
  '+CFTPSPUT: DATA',
];

/** Injected lines the engine saw, per model: proves the faults really struck. */
const seen = new Map<VirtualModelName, number>();
let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer({ user: 'garbage-user', password: 'garbage-pass' });
});
afterAll(async () => {
  await server?.stop();
  for (const { model, first } of TARGETS) {
    const seeds = first ? SEEDS : OTHER_MODEL_SEEDS;
    if (seeds >= 20) expect(seen.get(model) ?? 0, `${model}: too few injected lines reached the engine`).toBeGreaterThan(seeds);
  }
});

const sink = (): { writable: Writable; bytes(): Buffer } => {
  const parts: Buffer[] = [];
  return { writable: new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }), bytes: () => Buffer.concat(parts) };
};

async function runSeed(vendor: Vendor, model: VirtualModelName, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const probability = 0.2 + random() * 0.6;
  const rig = await startVendorRig({ vendor, model, target: server, timeoutMs: 3000, quectel: { downloadChunkBytes: 1024, uploadChunkBytes: 1024 } });
  try {
    const ftp = await rig.ftp();
    // Armed after the session opened, so the faults strike the operations, at seeded points.
    rig.vm.faults.injectGarbage = { seed, probability };
    rig.vm.faults.injectLines = { seed: seed ^ 0x5a5a, lines: UNSOLICITED, probability };
    const data = seededBytes(500 + Math.floor(random() * 3500), seed);
    const name = `g-${model}-${seed}.bin`;
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
    seen.set(model, (seen.get(model) ?? 0) + rig.trace.filter((e) => e.dir === 'rx' && UNSOLICITED.includes(e.text)).length);
    await rig.close();
  }
}

for (const { vendor, model, first } of TARGETS) {
  describe(`garbage and unsolicited lines on ${model} (${vendor})`, () => {
    const seeds = Array.from({ length: first ? SEEDS : OTHER_MODEL_SEEDS }, (_, i) => i + 1);
    it.concurrent.each(seeds)('seed %i', (seed) => runSeed(vendor, model, seed), 20_000);
  });
}
