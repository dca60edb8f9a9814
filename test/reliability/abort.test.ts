/**
 * Issue #7: the user aborts (AbortSignal) at random points — before the call,
 * at a random byte of the transfer, after a random delay. Never a hang, never
 * a stuck queue: the call ends (ABORTED, or success when the abort came too
 * late) within a bound, and the next operation on the same session succeeds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FtpError, type FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import type { VirtualModelName } from '@cellftp/emulator';
import { rigModels, seededBytes, seededRandom, sha256, startVendorRig, type Vendor } from '../support/vendor-rig.js';

/** Seeds per direction on each vendor's first model; the other models run the first few of them. */
const SEEDS = 25;
const OTHER_MODEL_SEEDS = 6;
const BOUND_MS = 6000;

let server: RunningTestFtpServer;
const big = seededBytes(60_000, 7);
const small = seededBytes(1500, 8);
beforeAll(async () => {
  server = await startTestFtpServer();
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(server.root, 'big.bin'), big);
  await writeFile(join(server.root, 'small.bin'), small);
});
afterAll(async () => server?.stop());

const collect = (): { writable: Writable; bytes(): Buffer } => {
  const parts: Buffer[] = [];
  return { writable: new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) }), bytes: () => Buffer.concat(parts) };
};

/** A paced-looking modem: many small ranged commands, so an abort lands between and inside them. */
const SMALL_RANGES = { quectel: { downloadChunkBytes: 2048, uploadChunkBytes: 2048 } };
/**
 * Quectel's default ranges on a paced line: the whole file is one QFTPGET
 * (2.6 s at 230400), so an abort escapes with `+++` mid-range, or meets a
 * range that ends while the escape, or the module, waits out a guard time.
 */
const ONE_RANGE = { baudRate: 230_400 };

interface Target {
  readonly vendor: Vendor;
  readonly model: VirtualModelName;
}

async function abortRun({ vendor, model }: Target, seed: number, direction: 'download' | 'upload', shape: typeof SMALL_RANGES | typeof ONE_RANGE = SMALL_RANGES): Promise<string> {
  const random = seededRandom(seed * 31 + (direction === 'upload' ? 1 : 0) + (shape === ONE_RANGE ? 7 : 0));
  const rig = await startVendorRig({ vendor, model, target: server, timeoutMs: 3000, ...shape });
  try {
    let ftp: FtpSession = await rig.ftp();
    const controller = new AbortController();
    const mode = Math.floor(random() * 3);
    const atByte = Math.floor(random() * big.length);
    if (mode === 0) controller.abort();
    else if (mode === 1) ftp.trackProgress((p) => p.bytes >= atByte && controller.abort());
    else setTimeout(() => controller.abort(), Math.floor(random() * 40));
    const out = collect();
    const name = `ab-${model}-${direction}-${seed}.bin`;
    const started = Date.now();
    const call = direction === 'download' ? ftp.downloadTo(out.writable, 'big.bin', { signal: controller.signal }) : ftp.uploadFrom(big, name, { signal: controller.signal });
    const outcome = await call.then(
      () => 'completed',
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    ftp.trackProgress();
    if (outcome === 'completed') {
      if (direction === 'download') expect(sha256(out.bytes())).toBe(sha256(big));
      else expect(sha256(await readFile(join(server.root, name)))).toBe(sha256(big));
    } else {
      expect(outcome).toBeInstanceOf(FtpError);
      expect((outcome as FtpError).code, (outcome as FtpError).message).toBe('ABORTED');
      // What was delivered before the abort is exact: a true prefix, nothing from the module's trailer.
      if (direction === 'download') expect(sha256(out.bytes())).toBe(sha256(big.subarray(0, out.bytes().length)));
    }
    const escaped = Buffer.concat(rig.written).includes('+++');
    // Not a stuck queue: the same session (or, if it says it closed, a new one) works at once.
    if (ftp.closed) ftp = await rig.ftp();
    const after = collect();
    await ftp.downloadTo(after.writable, 'small.bin');
    expect(sha256(after.bytes())).toBe(sha256(small));
    await ftp.uploadFrom(small, `${name}.after`);
    expect(sha256(await readFile(join(server.root, `${name}.after`)))).toBe(sha256(small));
    await ftp.close();
    if (outcome === 'completed') return 'completed';
    return escaped ? 'escaped' : 'aborted';
  } finally {
    await rig.close();
  }
}

const seeds = (first: boolean): number[] => Array.from({ length: first ? SEEDS : OTHER_MODEL_SEEDS }, (_, i) => i + 1);
const runs = rigModels().flatMap((target) => (['download', 'upload'] as const).map((direction) => ({ ...target, direction })));

for (const run of runs) {
  describe(`random aborts of a ${run.direction} on ${run.model} (${run.vendor})`, () => {
    it.concurrent.each(seeds(run.first))('seed %i', async (seed) => {
      await abortRun(run, seed, run.direction);
    }, 20_000);
  });
}

/** Quectel models: the first runs 10 one-range seeds, the others 5 (each must still reach the escape). */
for (const { model, first } of rigModels().filter((t) => t.dialect === 'quectel')) {
  describe(`random aborts of a one-range download on ${model} (+++ escape)`, () => {
    const outcomes: string[] = [];
    it.concurrent.each(Array.from({ length: first ? 10 : 5 }, (_, i) => i + 1))('seed %i', async (seed) => {
      outcomes.push(await abortRun({ vendor: 'quectel', model }, seed, 'download', ONE_RANGE));
    }, 20_000);
    // The seeds must really reach the escape, not only aborts before or between commands.
    afterAll(() => expect(outcomes.filter((o) => o === 'escaped').length).toBeGreaterThanOrEqual(first ? 2 : 1));
  });
}
