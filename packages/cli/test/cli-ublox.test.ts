import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestFtpServer, startVirtualModem, type RunningTestFtpServer, type VirtualModem } from '@cellftp/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './support/in-process.js';
import { requireSocat } from './support/run-cli.js';

const PASSWORD = 'pw-Ub7!x9#cellftp';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.runIf(requireSocat()).each(['SARA-R5', 'SARA-R410M'] as const)('cellftp against a virtual %s on a pty', (model) => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let dir: string;
  const modemArgs = (): string[] => ['--port', vm.path as string, '--baud', '921600'];

  beforeAll(async () => {
    server = await startTestFtpServer({ user: 'ublox', password: PASSWORD });
    vm = await startVirtualModem({ model, link: 'pty', baudRate: 921600 });
    dir = await mkdtemp(join(tmpdir(), 'cellftp-cli-ublox-'));
  });
  afterAll(async () => {
    await vm?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('probe detects the u-blox driver and reports the module', async () => {
    const run = await runInProcess(['probe', '--json', ...modemArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, command: 'probe', vendor: 'ublox', manufacturer: expect.stringMatching(/u-blox/i), model: expect.stringContaining(model === 'SARA-R5' ? 'SARA-R5' : 'SARA-R410M') });
  });

  it('put then get returns identical bytes', async () => {
    const payload = new Uint8Array(32 * 1024).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
    const local = join(dir, 'up.bin');
    await writeFile(local, payload);
    const url = `ftp://ublox@127.0.0.1:${server.port}`;
    const env = { CELLFTP_PASSWORD: PASSWORD };
    const put = await runInProcess(['put', '--json', ...modemArgs(), `${url}/up-${model}.bin`, local], env);
    expect(put.code, put.stderr).toBe(0);
    const back = join(dir, 'back.bin');
    const get = await runInProcess(['get', '--json', ...modemArgs(), `${url}/up-${model}.bin`, back], env);
    expect(get.code, get.stderr).toBe(0);
    expect(sha(await readFile(back))).toBe(sha(payload));
    expect(put.stdout + put.stderr + get.stdout + get.stderr).not.toContain(PASSWORD);
  });
});
