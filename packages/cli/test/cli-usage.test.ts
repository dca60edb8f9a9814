import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

describe('cellftp usage and modem errors (no modem needed)', () => {
  it('--help lists every command, examples and the exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of ['probe', 'ls', 'get', 'put', 'rm', 'mkdir', 'rmdir', 'mv', 'size', 'mdtm', 'emulate', 'demo']) expect(run.stdout).toContain(`  ${cmd} `);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*2 +usage error[\s\S]*3 +FTP error[\s\S]*4 +modem error/);
    expect(run.stdout).toContain('CELLFTP_PASSWORD');
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['a missing URL', ['get', '--port', '/dev/null']],
    ['a bad --baud', ['ls', '--baud', 'fast', '--port', '/dev/null', 'ftp://u@127.0.0.1/']],
    ['a bad --secure', ['ls', '--secure', 'maybe', '--port', '/dev/null', 'ftp://u@127.0.0.1/']],
    ['a non-FTP URL', ['ls', '--port', '/dev/null', 'http://127.0.0.1/']],
    ['no --port', ['ls', 'ftp://u@127.0.0.1/']],
  ])('%s exits 2 (usage error)', async (_name, args) => {
    const run = await runCli(args, { CELLFTP_PORT: '' });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.length).toBeGreaterThan(0);
  });

  it('a missing device exits 4 (modem error) quickly, with JSON on stdout', async () => {
    const run = await runCli(['ls', '--json', '--port', '/dev/cellftp-no-such-tty', 'ftp://u:hunter2@127.0.0.1/'], {}, 15_000);
    expect(run.code).toBe(4);
    expect(run.ms).toBeLessThan(10_000);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, command: 'ls', exitCode: 4, error: { code: 'MODEM' } });
    expect(run.stderr).toContain('/dev/cellftp-no-such-tty');
    expect(run.stdout + run.stderr).not.toContain('hunter2');
  });

  it('a URL with a password is redacted in usage messages', async () => {
    const run = await runCli(['ls', '--port', '/dev/null', 'ftp://u:hunter2@[bad/']);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain('hunter2');
  });
});
