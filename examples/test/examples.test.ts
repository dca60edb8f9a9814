import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEmulator } from '../emulator-rig.js';
import { downloadFirmware } from '../firmware-download.js';
import { listDirectory } from '../list-directory.js';
import { uploadLog } from '../upload-log.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellftp-examples-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(['EC25', 'SIM7080G'] as const)('examples against a virtual %s', (model) => {
  it('upload-log uploads the file into a new directory and reports progress up to 100 %', async () => {
    const log = join(dir, `${model}.log`);
    await writeFile(log, 'line\n'.repeat(6000));
    await withEmulator(model, async ({ server, openFtp }) => {
      const ftp = await openFtp();
      const percents: number[] = [];
      const result = await uploadLog(ftp, log, '/logs/2026-05', (p) => percents.push(p));
      await ftp.close();
      expect(result).toMatchObject({ bytes: 30000, remotePath: `/logs/2026-05/${model}.log` });
      expect(percents.at(-1)).toBe(100);
      expect(await readFile(join(server.root, 'logs', '2026-05', `${model}.log`), 'utf8')).toBe('line\n'.repeat(6000));
    });
  });

  it('firmware-download resumes after a drop, verifies sha256 and only then renames', async () => {
    const image = new Uint8Array(96 * 1024).map((_, i) => (i * 13) & 0xff);
    const target = join(dir, `${model}-fw.bin`);
    await withEmulator(model, async ({ server, vm, openFtp }) => {
      await writeFile(join(server.root, 'fw.bin'), image);
      vm.faults.closeDataAfterBytes = 32 * 1024;
      const kept: number[] = [];
      const attempts = await downloadFirmware({
        remotePath: '/fw.bin',
        target,
        expectedSha256: sha(image),
        openFtp,
        onRetry: (_attempt, keptBytes) => {
          kept.push(keptBytes);
          delete vm.faults.closeDataAfterBytes;
        },
      });
      expect(attempts).toBe(2);
      expect(kept[0]).toBeGreaterThan(0);
      expect(sha(await readFile(target))).toBe(sha(image));
      await expect(stat(`${target}.part`)).rejects.toThrow();
    });
  });

  it('firmware-download refuses an image with the wrong sha256 and leaves nothing behind', async () => {
    const target = join(dir, `${model}-bad.bin`);
    await withEmulator(model, async ({ server, openFtp }) => {
      await writeFile(join(server.root, 'fw.bin'), new Uint8Array(4096).fill(1));
      await expect(downloadFirmware({ remotePath: '/fw.bin', target, expectedSha256: '0'.repeat(64), openFtp })).rejects.toThrow(/sha256 mismatch/);
      await expect(stat(target)).rejects.toThrow();
      await expect(stat(`${target}.part`)).rejects.toThrow();
    });
  });

  it('list-directory lists directories first, then files by name', async () => {
    await withEmulator(model, async ({ server, openFtp }) => {
      await writeFile(join(server.root, 'b.txt'), 'bb');
      await writeFile(join(server.root, 'a.txt'), 'a');
      const ftp = await openFtp();
      await ftp.makeDir('/sub');
      const entries = await listDirectory(ftp, '/');
      await ftp.close();
      expect(entries.map((e) => [e.name, e.type, e.type === 'file' ? e.size : undefined])).toEqual([
        ['sub', 'directory', undefined],
        ['a.txt', 'file', 1],
        ['b.txt', 'file', 2],
      ]);
    });
  });
});

describe('each example runs with its one documented command', () => {
  const run = (file: string, model: string): Promise<{ code: number | null; out: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', `examples/${file}`, model], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      // Never leave a child behind if an example hangs.
      const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out });
      });
    });

  it.each([
    ['upload-log.ts', 'SIM7080G', /uploaded \d+ bytes to \/logs\/2026-05\//],
    ['firmware-download.ts', 'EC25', /resuming from byte \d+[\s\S]*verified [0-9a-f]{16}… after 2 attempt/],
    ['list-directory.ts', 'EC25', /dir .*archive\nfile .*april\.csv\nfile .*march\.csv/],
  ])('%s %s', async (file, model, expected) => {
    const { code, out } = await run(file, model);
    expect(code, out).toBe(0);
    expect(out).toMatch(expected);
  });
});
