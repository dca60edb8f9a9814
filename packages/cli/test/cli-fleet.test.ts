import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestFtpServer, startVirtualModem, type RunningTestFtpServer, type VirtualModem } from '@cellftp/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSocat, runCli } from './support/run-cli.js';

const PASSWORD = 'pw-Fleet!42x';
const USER = 'usr-Rack9';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const PAYLOAD = new Uint8Array(24 * 1024).map((_, i) => (i * 17 + (i >> 9)) & 0xff);

describe.runIf(requireSocat())('cellftp fleet and probe --all against a rack of virtual modems', () => {
  let server: RunningTestFtpServer;
  let good: VirtualModem[];
  let silent: VirtualModem;
  let dir: string;
  let url: string;
  const env = { CELLFTP_PASSWORD: PASSWORD };

  beforeAll(async () => {
    server = await startTestFtpServer({ user: USER, password: PASSWORD });
    await writeFile(join(server.root, 'fw.bin'), PAYLOAD);
    const vms = await Promise.all([
      startVirtualModem({ model: 'EC25', link: 'pty', baudRate: 921600 }),
      startVirtualModem({ model: 'SIM7080G', link: 'pty', baudRate: 921600 }),
      startVirtualModem({ model: 'EC25', link: 'pty', baudRate: 921600, faults: { silentAfterCommands: 8 } }),
    ]);
    good = vms.slice(0, 2);
    silent = vms[2] as VirtualModem;
    dir = await mkdtemp(join(tmpdir(), 'cellftp-fleet-'));
    url = `ftp://${USER}@127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await Promise.all([...(good ?? []), silent].filter(Boolean).map((vm) => vm.close()));
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fleet get: every healthy modem downloads exact bytes, the stalled one fails alone, exit code is non-zero', async () => {
    const ports = [...good, silent].map((vm) => vm.path as string);
    const run = await runCli(['fleet', 'get', '--json', '--ports', ports.join(','), '--baud', '921600', '--timeout', '6000', `${url}/fw.bin`, dir], env, 90_000);
    expect(run.code, run.stderr).toBe(4);
    const doc = JSON.parse(run.stdout) as { ok: boolean; exitCode: number; results: Array<Record<string, unknown>> };
    expect(doc).toMatchObject({ ok: false, command: 'fleet get', exitCode: 4 });
    expect(doc.results.map((r) => [r.port, r.ok])).toEqual([
      [ports[0], true],
      [ports[1], true],
      [ports[2], false],
    ]);
    expect(doc.results[2]).toMatchObject({ error: { code: 'TIMEOUT' } });
    for (const [i, r] of doc.results.slice(0, 2).entries()) {
      expect(r).toMatchObject({ bytes: PAYLOAD.length, model: i === 0 ? 'EC25' : 'SIMCOM_SIM7080', remotePath: '/fw.bin' });
      expect(sha(await readFile(r.localPath as string))).toBe(sha(PAYLOAD));
    }
    // One line per modem on stderr (not a terminal), none of them with a credential.
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const p of ports) expect(lines.filter((l) => l.startsWith(`${p}  `)), `line of ${p}`).toHaveLength(1);
    expect(lines.find((l) => l.startsWith(`${ports[2]}  `))).toMatch(/ FAILED .*(no final result within 5000 ms|did not finish within 6000 ms)/);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stdout + run.stderr).not.toContain(USER);
  });

  it('fleet put: the same upload through every modem, a summary table, exit code 0', async () => {
    const local = join(dir, 'log.bin');
    await writeFile(local, PAYLOAD);
    await mkdir(join(server.root, 'up'));
    const ports = good.map((vm) => vm.path as string);
    const run = await runCli(['fleet', 'put', '--ports', ports.join(','), '--baud', '921600', `${url}/up/`, local], env, 90_000);
    expect(run.code, run.stderr).toBe(0);
    const table = run.stdout.trim().split('\n');
    expect(table[0]).toMatch(/^port\s+model\s+result\s+bytes\s+seconds\s+rate\s+error$/);
    expect(table.at(-1)).toBe('2 of 2 modems succeeded');
    for (const p of ports) {
      const name = p.slice(p.lastIndexOf('/') + 1);
      expect(table.some((l) => l.startsWith(p) && / ok /.test(l) && l.includes(String(PAYLOAD.length)))).toBe(true);
      expect(sha(await readFile(join(server.root, 'up', `${name}-log.bin`)))).toBe(sha(PAYLOAD));
    }
  });

  it('probe --all over given ports lists vendor, model, IMEI and why a port was skipped', async () => {
    const fresh = await startVirtualModem({ model: 'EC25', link: 'pty', faults: { silentAfterCommands: 0 } });
    try {
      const ports = [good[1]!.path, fresh.path] as string[];
      const run = await runCli(['probe', '--all', '--json', '--port', ports.join(',')], {}, 60_000);
      expect(run.code, run.stderr).toBe(0);
      const doc = JSON.parse(run.stdout) as { modems: Array<Record<string, unknown>> };
      expect(doc.modems).toHaveLength(2);
      expect(doc.modems[0]).toMatchObject({ path: ports[0], vendor: 'simcom', model: 'SIMCOM_SIM7080', imei: '869951030000000' });
      expect(doc.modems[1]).toMatchObject({ path: ports[1], skipped: 'no answer to AT (not an AT interface, or a module in data mode)' });
    } finally {
      await fresh.close();
    }
  });
});
