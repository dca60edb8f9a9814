import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestFtpServer, startVirtualModem, type RunningTestFtpServer, type VirtualModem } from '@cellftp/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './support/in-process.js';
import { requireSocat, runCli } from './support/run-cli.js';

const PASSWORD = 'pw-Zq7!x9#cellftp';
/** A distinctive user name, so a leak is unambiguous in the output scans. */
const USER = 'usr-Kx4w9';
/**
 * The bin's own process matters where output and exit codes leave it (put/get, --trace, a wrong
 * password); the other commands run the same `runCli` in process, which spares a tsx start-up each.
 */
const inProcess = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runInProcess(args, env);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.runIf(requireSocat()).each(['EC25', 'SIM7080G'] as const)('cellftp against a virtual %s on a pty', (model) => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let dir: string;
  let url: string;
  const modemArgs = (): string[] => ['--port', vm.path as string, '--baud', '921600'];

  beforeAll(async () => {
    server = await startTestFtpServer({ user: USER, password: PASSWORD });
    vm = await startVirtualModem({ model, link: 'pty', baudRate: 921600 });
    dir = await mkdtemp(join(tmpdir(), 'cellftp-cli-'));
    url = `ftp://${USER}@127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await vm?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('put then get returns identical bytes, and --json reports them', async () => {
    const payload = new Uint8Array(48 * 1024).map((_, i) => (i * 7) & 0xff);
    const local = join(dir, 'up.bin');
    await writeFile(local, payload);
    const env = { CELLFTP_PASSWORD: PASSWORD };
    const mk = await runCli(['mkdir', '-p', ...modemArgs(), `${url}/cli/${model}`], env);
    expect(mk.code, mk.stderr).toBe(0);
    const put = await runCli(['put', '--json', ...modemArgs(), `${url}/cli/${model}/`, local], env);
    expect(put.code, put.stderr).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ ok: true, command: 'put', remotePath: `/cli/${model}/up.bin`, bytes: payload.length });
    const back = join(dir, `down-${model}.bin`);
    const get = await runCli(['get', '--json', ...modemArgs(), `${url}/cli/${model}/up.bin`, back], env);
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ ok: true, command: 'get', bytes: payload.length, localPath: back });
    expect(sha(await readFile(back))).toBe(sha(payload));
    expect(sha(await readFile(join(server.root, 'cli', model, 'up.bin')))).toBe(sha(payload));
    // Neither credential appears in any output, --json included.
    for (const run of [mk, put, get]) {
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      expect(run.stdout + run.stderr).not.toContain(USER);
    }
  });

  it('ls, size and mdtm print the documented JSON shapes', async () => {
    const env = { CELLFTP_PASSWORD: PASSWORD };
    const ls = await inProcess(['ls', '--json', ...modemArgs(), `${url}/cli/${model}/`], env);
    expect(ls.code, ls.stderr).toBe(0);
    const listing = JSON.parse(ls.stdout) as { ok: boolean; entries: Array<Record<string, unknown>> };
    expect(listing.ok).toBe(true);
    // ftp-srv's LIST gives no year for recent files; the listing infers it (issue 15: ls showed "-").
    expect(listing.entries).toContainEqual({ name: 'up.bin', type: 'file', size: 48 * 1024, modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/) });
    const size = await inProcess(['size', '--json', ...modemArgs(), `${url}/cli/${model}/up.bin`], env);
    expect(JSON.parse(size.stdout)).toEqual({ ok: true, command: 'size', path: `/cli/${model}/up.bin`, size: 48 * 1024 });
    const mdtm = await inProcess(['mdtm', '--json', ...modemArgs(), `${url}/cli/${model}/up.bin`], env);
    expect(JSON.parse(mdtm.stdout)).toMatchObject({ ok: true, command: 'mdtm', modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('mv, rm and rmdir change the server as asked', async () => {
    const env = { CELLFTP_PASSWORD: PASSWORD };
    const mv = await inProcess(['mv', ...modemArgs(), `${url}/cli/${model}/up.bin`, 'moved.bin'], env);
    expect(mv.code, mv.stderr).toBe(0);
    expect(mv.stdout).toContain(`/cli/${model}/moved.bin`);
    expect((await inProcess(['rm', ...modemArgs(), `${url}/cli/${model}/moved.bin`], env)).code).toBe(0);
    expect((await inProcess(['rmdir', ...modemArgs(), `${url}/cli/${model}`], env)).code).toBe(0);
    const ls = await inProcess(['ls', '--json', ...modemArgs(), `${url}/cli/`], env);
    expect((JSON.parse(ls.stdout) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('a missing remote file exits 3 (FTP error) with NOT_FOUND, in text and JSON', async () => {
    const run = await inProcess(['size', '--json', ...modemArgs(), `${url}/no/such/file.bin`], { CELLFTP_PASSWORD: PASSWORD });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, command: 'size', exitCode: 3, error: { code: 'NOT_FOUND' } });
    expect(run.stderr).toContain('NOT_FOUND');
    const get = await inProcess(['get', ...modemArgs(), `${url}/no/such/file.bin`, join(dir, 'never.bin')], { CELLFTP_PASSWORD: PASSWORD });
    expect(get.code).toBe(3);
  });

  it('a wrong password exits 3 and is never printed', async () => {
    const run = await runCli(['ls', '--trace', ...modemArgs(), `ftp://${USER}:${encodeURIComponent(`wrong-${PASSWORD}`)}@127.0.0.1:${server.port}/`]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('AUTH_FAILED');
    expect(run.stdout + run.stderr).not.toContain(`wrong-${PASSWORD}`);
    expect(run.stdout + run.stderr).not.toContain(encodeURIComponent(`wrong-${PASSWORD}`));
    expect(run.stdout + run.stderr).not.toContain(USER);
  });

  it('--trace logs the AT dialogue on stderr and never the password (URL or environment)', async () => {
    for (const [target, env] of [
      [`ftp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}/`, {}],
      [`${url}/`, { CELLFTP_PASSWORD: PASSWORD }],
    ] as const) {
      const run = await runCli(['ls', '--trace', ...modemArgs(), target], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/ tx command AT/);
      expect(run.stderr).toMatch(model === 'EC25' ? /AT\+QFTP/ : /AT\+FTP/);
      expect(run.stderr).toContain('***');
      const all = run.stdout + run.stderr;
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain(encodeURIComponent(PASSWORD));
      expect(all).not.toContain(USER);
    }
  });

  it('probe reports vendor, model, firmware, SIM, registration and signal', async () => {
    const run = await inProcess(['probe', '--json', ...modemArgs()]);
    expect(run.code, run.stderr).toBe(0);
    const probe = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(probe).toMatchObject({
      ok: true,
      command: 'probe',
      vendor: model === 'EC25' ? 'quectel' : 'simcom',
      model: expect.stringContaining(model === 'EC25' ? 'EC25' : 'SIM7080'),
      firmware: expect.any(String),
      sim: 'READY',
      registration: { stat: expect.any(Number), meaning: expect.any(String) },
      signal: { rssi: expect.any(Number) },
    });
    const text = await inProcess(['probe', ...modemArgs()]);
    expect(text.stdout).toMatch(/vendor\s+\S+\nmanufacturer/);
  });
});
