import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startVirtualModem, virtualModelNames, virtualModelVariants, type VirtualModelName } from '../src/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

describe('model registry', () => {
  it('lists every model once', () => {
    expect(virtualModelNames()).toEqual(['EC25', 'BG96', 'SIM7080G', 'A7670E', 'SIM7600G', 'SARA-R5', 'SARA-R410M']);
  });

  it('refuses an unknown model with the list of known ones, instead of starting another model', async () => {
    await expect(startVirtualModem({ model: 'BG95' as VirtualModelName })).rejects.toThrow(
      'unknown virtual modem model "BG95"; known models: EC25, BG96, SIM7080G, A7670E, SIM7600G, SARA-R5, SARA-R410M',
    );
  });

  it('refuses a firmware variant the model does not have, naming the ones it has', async () => {
    const known = Object.keys(virtualModelVariants('SIM7080G')).join(', ');
    await expect(startVirtualModem({ model: 'SIM7080G', variants: ['pwd-quoted'] })).rejects.toThrow(
      `SIM7080G has no firmware variant "pwd-quoted"; known: ${known}`,
    );
  });

  it('refuses a line rate that is not a positive integer before opening any link', async () => {
    await expect(startVirtualModem({ model: 'EC25', link: 'pty', baudRate: Number.NaN })).rejects.toThrow('baudRate must be a positive integer, got NaN');
  });
});

describe('cellftp-emulator', () => {
  it.each([
    [['--baud', 'abc'], '--baud must be a whole number from 1 to 16000000, got "abc"'],
    [['--model', 'BG95'], 'unknown virtual modem model "BG95"; known models: EC25, BG96, SIM7080G, A7670E, SIM7600G, SARA-R5, SARA-R410M'],
    [['--link', 'usb'], '--link must be pty or tcp, got "usb"'],
  ])('%j fails at once with a clear message and no socat left behind', (args, message) => {
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', BIN, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`cellftp-emulator: ${message}\nusage: cellftp-emulator --model EC25|BG96|SIM7080G`);
    expect(run.stdout).toBe('');
  });

  it('prints a tcp link in the form `cellftp --port` takes, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', BIN, '--model', 'SIM7080G', '--link', 'tcp', '--tcp-port', '0'], { cwd: REPO_ROOT });
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      while (!out.includes('\n') && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(/^SIM7080G on 127\.0\.0\.1:\d+\n$/);
      child.kill('SIGTERM');
      expect((await once(child, 'exit'))[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
