import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasTool, needsDebianTool } from '../../../../test/support/debian-tool.js';

/** The monorepo root: the CLI runs from there so `tsx` and the `source` condition resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

/** What one CLI run produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The argv that runs the CLI from source, as the root `demo` script does. */
export function cliArgv(args: readonly string[]): string[] {
  return ['--conditions=source', '--import', 'tsx', BIN, ...args];
}

/** Starts `cellftp …` as a child process (for long-running commands such as `emulate`). */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  // CI and TTY-ish variables are left as they are; only what a test sets is added.
  return spawn(process.execPath, cliArgv(args), { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `cellftp …` to completion in a child process. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliRun> {
  const started = Date.now();
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cellftp ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** True when Debian's socat can make pty pairs. */
export function hasSocat(): boolean {
  return hasTool('socat');
}

/** Pty tests need socat: skipped with a message without it, never under CI=true (the shared rule). */
export function requireSocat(): boolean {
  return needsDebianTool('socat', 'socat', 'the pty tests of the cellftp CLI');
}
