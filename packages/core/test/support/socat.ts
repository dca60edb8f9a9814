import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasSocat = spawnSync('socat', ['-V']).status === 0;

/** Starts `socat` linking two ptys; resolves when its transfer loop runs. */
export async function startPtyPair(): Promise<{ a: string; b: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cellftp-pty-'));
  const a = join(dir, 'host');
  const b = join(dir, 'modem');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('starting data transfer loop')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`socat exited with ${code}: ${log}`)));
  });
  return {
    a,
    b,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
