import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { requireSocat, runCli, spawnCli } from './support/run-cli.js';

describe.runIf(requireSocat())('cellftp emulate', () => {
  it('prints the pty path, serves probe through it and stops on SIGINT with exit 0', async () => {
    const child = spawnCli(['emulate', '--model', 'SIM7080G', '--baud', '921600', '--json']);
    try {
      let out = '';
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no path printed: ${out}`)), 15_000);
        child.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) {
            clearTimeout(timer);
            resolve(out.slice(0, out.indexOf('\n')));
          }
        });
      });
      const info = JSON.parse(line) as { path: string; model: string };
      expect(info).toMatchObject({ ok: true, command: 'emulate', model: 'SIM7080G', link: 'pty', path: expect.stringMatching(/^\/dev\/pts\//) });
      const probe = await runCli(['probe', '--port', info.path, '--baud', '921600']);
      expect(probe.code, probe.stderr).toBe(0);
      expect(probe.stdout).toMatch(/vendor\s+simcom/);
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('an unknown --model or --variant is a usage error that lists the registry', async () => {
    const model = await runCli(['emulate', '--model', 'ESP32']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('unknown --model "ESP32"; known models: EC25, BG96, SIM7080G');
    const variant = await runCli(['emulate', '--model', 'SIM7080G', '--variant', 'warp-drive']);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toMatch(/unknown --variant "warp-drive" for SIM7080G; known: .*no-ftpssl/);
  });
});
