import { spawnSync } from 'node:child_process';

/** True when `command` runs here (`command -V`-style probe: the tool's own version flag). */
export function hasTool(command: string, versionFlag = '-V'): boolean {
  const probe = spawnSync(command, [versionFlag], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Whether a test that needs a Debian tool runs. Without the tool it is skipped
 * with one line saying which package to install, so the README's test command
 * still exits 0 on a machine with only Node and npm. Under `CI=true` a missing
 * tool is an error instead: CI must never pass by skipping (`.ci/run` installs them).
 *
 * @example
 * it.runIf(needsDebianTool('socat', 'socat', 'pty end-to-end test'))('…', async () => { … });
 */
export function needsDebianTool(command: string, aptPackage: string, what: string, available = hasTool(command)): boolean {
  if (available) return true;
  if (process.env['CI'] === 'true') throw new Error(`${what} needs ${command}, which is required under CI=true but is not installed (apt-get install ${aptPackage})`);
  console.warn(`SKIPPED ${what}: ${command} is not installed (apt-get install ${aptPackage})`);
  return false;
}
