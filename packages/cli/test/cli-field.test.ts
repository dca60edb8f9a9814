import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestFtpServer, startVirtualModem, type RunningTestFtpServer, type VirtualModem } from '@cellftp/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsDebianTool } from '../../../test/support/debian-tool.js';
import { proftpdAvailable, startProftpd, type ProftpdServer } from '../../emulator/test/support/ftp-servers.js';
import { Capture, runInProcess } from './support/in-process.js';

const PASSWORD = 'pw-field-7Qx!';
const USER = 'field-user';
const env = { CELLFTP_PASSWORD: PASSWORD };
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const payload = (n: number, seed: number): Buffer => Buffer.from(new Uint8Array(n).map((_, i) => (i * 31 + seed + (i >> 8)) & 0xff));

/** Polls `check` every 10 ms until it holds (bounded by the test's timeout). */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
}

describe.each([
  ['EC25', 'ufs', 'ram'],
  ['SIM7080G', 'extget', 'chunked'],
] as const)('cellftp at 3 a.m. against a virtual %s over TCP (--port host:port)', (model, downloadStrategy, uploadStrategy) => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let dir: string;
  let url: string;
  const port = (): string[] => ['--port', `127.0.0.1:${vm.port}`];

  beforeAll(async () => {
    server = await startTestFtpServer({ user: USER, password: PASSWORD });
    // Paced, so a download lasts long enough to be interrupted part-way.
    vm = await startVirtualModem({ model, link: 'tcp', baudRate: 460800 });
    dir = await mkdtemp(join(tmpdir(), 'cellftp-field-'));
    url = `ftp://${USER}@127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await vm?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('Ctrl-C during get keeps the .part file; get --resume continues it to identical bytes', async () => {
    const data = payload(160 * 1024, 1);
    await writeFile(join(server.root, 'fw.bin'), data);
    const local = join(dir, `fw-${model}.bin`);
    const part = `${local}.part`;
    const controller = new AbortController();
    const watcher = until(async () => ((await stat(part).catch(() => undefined))?.size ?? 0) >= 16 * 1024).then(() => controller.abort());
    const first = await runInProcess(['get', ...port(), `${url}/fw.bin`, local], env, { signal: controller.signal });
    await watcher;
    expect(first.code, first.stderr).toBe(130);
    const kept = await readFile(part);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(data.length);
    expect(sha(kept)).toBe(sha(data.subarray(0, kept.length)));
    expect(first.stderr).toContain(`cellftp get: partial download kept: ${part} (${kept.length} of ${data.length} bytes); run the same command with --resume to continue`);
    expect(existsSync(local)).toBe(false);

    const second = await runInProcess(['get', '--resume', '--json', ...port(), `${url}/fw.bin`, local], env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, startAt: kept.length, bytes: data.length - kept.length, totalBytes: data.length, localPath: local });
    expect(sha(await readFile(local))).toBe(sha(data));
    expect(existsSync(part)).toBe(false);
  }, 60_000);

  it('the bar on a terminal starts at the resumed offset and runs to the whole file', async () => {
    const data = payload(48 * 1024, 2);
    await writeFile(join(server.root, 'bar.bin'), data);
    const local = join(dir, `bar-${model}.bin`);
    await writeFile(`${local}.part`, data.subarray(0, 20_000));
    const run = await runInProcess(['get', '--resume', ...port(), `${url}/bar.bin`, local], env, { tty: true });
    expect(run.code, run.stderr).toBe(0);
    // Bytes on the wire plus the 20 000 already there, against 48 KiB: never the rest (28.5 KiB) as the total, never "?".
    expect(run.stderr).toContain('100% 48.0 KiB/48.0 KiB');
    expect(run.stderr).not.toMatch(/\/28\.5 KiB|\/\?/);
    expect(sha(await readFile(local))).toBe(sha(data));
  }, 30_000);

  it('ls shows the dates the LIST reply gave', async () => {
    await writeFile(join(server.root, 'dated.txt'), 'x');
    const run = await runInProcess(['ls', ...port(), `${url}/`], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^- {12}1 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}dated\.txt$/m);
  });

  it('--download-strategy/--upload-strategy choose the vendor strategy; an unknown one is a usage error', async () => {
    const data = payload(8 * 1024, 4);
    const local = join(dir, `strat-${model}.bin`);
    await writeFile(local, data);
    const put = await runInProcess(['put', '--upload-strategy', uploadStrategy, ...port(), `${url}/strat.bin`, local], env);
    expect(put.code, put.stderr).toBe(0);
    const back = join(dir, `strat-back-${model}.bin`);
    const get = await runInProcess(['get', '--download-strategy', downloadStrategy, ...port(), `${url}/strat.bin`, back], env);
    expect(get.code, get.stderr).toBe(0);
    expect(sha(await readFile(back))).toBe(sha(data));
    const bad = await runInProcess(['get', '--download-strategy', 'teleport', ...port(), `${url}/strat.bin`, join(dir, 'never.bin')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT: .*teleport|downloadStrategy/);
  }, 30_000);
});

// ftp-srv zeroes the head of a file on REST+STOR (docs/TOOLCHAIN.md), which is how Quectel resumes an
// upload (QFTPPUT <startpos>): the resumed upload is checked against proftpd, as a real server would be.
describe.runIf(needsDebianTool('proftpd', 'proftpd-core proftpd-mod-crypto', 'put --resume against proftpd', proftpdAvailable())).each(['EC25', 'SIM7080G'] as const)(
  'cellftp put --resume against a virtual %s and proftpd',
  (model) => {
    let server: ProftpdServer;
    let vm: VirtualModem;
    let dir: string;
    beforeAll(async () => {
      server = await startProftpd();
      vm = await startVirtualModem({ model, link: 'tcp' });
      dir = await mkdtemp(join(tmpdir(), 'cellftp-resume-'));
    });
    afterAll(async () => {
      await vm?.close();
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('sends only what the server lacks and checks the size; a larger remote file is refused', async () => {
      const url = `ftp://${server.user}@127.0.0.1:${server.port}`;
      const penv = { CELLFTP_PASSWORD: server.password };
      const port = ['--port', `127.0.0.1:${vm.port}`];
      const data = payload(40 * 1024, 3);
      const local = join(dir, `up-${model}.bin`);
      await writeFile(local, data);
      // proftpd runs as nobody: the partial upload it extends must be writable by it.
      await writeFile(join(server.root, `up-${model}.bin`), data.subarray(0, 10_000), { mode: 0o666 });
      await chmod(join(server.root, `up-${model}.bin`), 0o666);
      const run = await runInProcess(['put', '--resume', '--json', ...port, `${url}/`, local], penv);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, remotePath: `/up-${model}.bin`, startAt: 10_000, bytes: data.length - 10_000, totalBytes: data.length });
      expect(sha(await readFile(join(server.root, `up-${model}.bin`)))).toBe(sha(data));

      await writeFile(join(server.root, `big-${model}.bin`), Buffer.concat([data, data]));
      const refused = await runInProcess(['put', '--resume', ...port, `${url}/big-${model}.bin`, local], penv);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`/big-${model}.bin has ${2 * data.length} bytes but ${local} only ${data.length}: it is not a partial upload of it`);
    }, 30_000);
  },
);

describe('cellftp emulate: a modem and an FTP server to try every command in two terminals', () => {
  it.each(['EC25', 'SIM7080G'] as const)('%s over tcp: prints the --port and the URL, and they work', async (model) => {
    const controller = new AbortController();
    const out = new Capture();
    const emulate = runInProcess(['emulate', '--model', model, '--link', 'tcp', '--json'], {}, { signal: controller.signal, stdout: out });
    try {
      await until(() => out.text.includes('\n'));
      const info = JSON.parse(out.text) as { cliPort: string; ftp: { url: string; user: string; password: string; root: string } };
      expect(info).toMatchObject({ ok: true, command: 'emulate', model, link: 'tcp', cliPort: expect.stringMatching(/^127\.0\.0\.1:\d+$/), ftp: { url: expect.stringMatching(/^ftp:\/\/cellftp@127\.0\.0\.1:\d+\/$/) } });
      const dir = await mkdtemp(join(tmpdir(), 'cellftp-emulate-'));
      const local = join(dir, 'hello.txt');
      await writeFile(local, 'hello from the field\n');
      const put = await runInProcess(['put', '--port', info.cliPort, info.ftp.url, local], { CELLFTP_PASSWORD: info.ftp.password });
      expect(put.code, put.stderr).toBe(0);
      expect(await readFile(join(info.ftp.root, 'hello.txt'), 'utf8')).toBe('hello from the field\n');
      const ls = await runInProcess(['ls', '--port', `tcp://${info.cliPort}`, info.ftp.url], { CELLFTP_PASSWORD: info.ftp.password });
      expect(ls.code, ls.stderr).toBe(0);
      expect(ls.stdout).toContain('hello.txt');
      await rm(dir, { recursive: true, force: true });
    } finally {
      controller.abort();
    }
    expect((await emulate).code).toBe(0);
  }, 30_000);

  it('--no-ftp runs the modem alone', async () => {
    const controller = new AbortController();
    const out = new Capture();
    const emulate = runInProcess(['emulate', '--model', 'SIM7080G', '--link', 'tcp', '--no-ftp', '--json'], {}, { signal: controller.signal, stdout: out });
    await until(() => out.text.includes('\n'));
    controller.abort();
    expect((await emulate).code).toBe(0);
    expect(JSON.parse(out.text)).toMatchObject({ ok: true, model: 'SIM7080G', link: 'tcp', ftp: null });
  });

  it('the text form says what to type in the second terminal', async () => {
    const controller = new AbortController();
    const out = new Capture();
    const emulate = runInProcess(['emulate', '--model', 'EC25', '--link', 'tcp'], {}, { signal: controller.signal, stdout: out });
    await until(() => out.text.includes('cellftp ls'));
    controller.abort();
    expect((await emulate).code).toBe(0);
    expect(out.text).toMatch(/^EC25 on 127\.0\.0\.1:(\d+) \(Ctrl-C to stop\)\nFTP server ftp:\/\/cellftp@127\.0\.0\.1:\d+\/ \(files in .+\)\ntry: {2}export CELLFTP_PASSWORD=\S+\n {6}cellftp ls --port 127\.0\.0\.1:\1 ftp:\/\/cellftp@127\.0\.0\.1:\d+\/\n$/);
  });
});

describe('cellftp refuses bad input before touching the modem (exit 2)', () => {
  // A modem command on this port would fail with exit 4: exit 2 proves it was never opened.
  const NO_TTY = ['--port', '/dev/cellftp-no-such-tty'];

  it.each([
    ['put of a missing local file', ['put', ...NO_TTY, 'ftp://u@127.0.0.1/x', '/tmp/cellftp-no-such-dir/x.bin'], 'local file /tmp/cellftp-no-such-dir/x.bin: no such file or directory'],
    ['put of a directory', ['put', ...NO_TTY, 'ftp://u@127.0.0.1/x', '/tmp'], 'local file /tmp: not a regular file'],
    ['get into a missing directory', ['get', ...NO_TTY, 'ftp://u@127.0.0.1/x.bin', '/tmp/cellftp-no-such-dir/x.bin'], 'local directory /tmp/cellftp-no-such-dir does not exist'],
    ['a missing --ca file', ['ls', ...NO_TTY, '--secure', 'explicit', '--ca', '/tmp/cellftp-no-such.pem', 'ftp://u@127.0.0.1/'], '--ca /tmp/cellftp-no-such.pem: no such file or directory'],
    ['a line break inside the URL', ['get', ...NO_TTY, 'ftp://u:p@127.0.0.1/fw/a\nb.bin'], 'the URL contains a control character ("\\n" at position 25)'],
    ['a --ready-timeout that is no number of seconds', ['probe', ...NO_TTY, '--ready-timeout', '2s', '--port', '127.0.0.1:1'], '--ready-timeout must be a number of seconds from 0.1 to 600, not "2s"'],
    ['a non-standard --baud', ['ls', ...NO_TTY, '--baud', '12345', 'ftp://u@127.0.0.1/'], '--baud 12345 is not a standard serial rate; use one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400'],
    ['--append with --resume', ['put', ...NO_TTY, '--append', '--resume', 'ftp://u@127.0.0.1/x', '/etc/hostname'], '--append and --resume exclude each other'],
  ])('%s', async (_name, args, message) => {
    const run = await runInProcess(args, {});
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('a dead or wrong-baud port says how long it waited and what came back (exit 4)', () => {
  let silent: Server;
  let garbage: Server;
  const accepted: Socket[] = [];
  const closed = new Set<Socket>();
  const track = (socket: Socket): void => {
    accepted.push(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => closed.add(socket));
  };
  const portOf = (s: Server): number => (s.address() as { port: number }).port;
  /** The CLI let go of the line: every connection it made is closed from its side. */
  const released = (): Promise<void> => until(() => accepted.length > 0 && accepted.every((c) => closed.has(c)));

  beforeAll(async () => {
    // Reads (and ignores) what it is sent, so it sees the CLI hang up.
    silent = createServer((socket) => {
      track(socket);
      socket.resume();
    });
    // What a module at another baud rate looks like: bytes, never an AT answer.
    garbage = createServer((socket) => {
      track(socket);
      socket.on('data', () => socket.write(Buffer.from([0xfe, 0x00, 0x9f, 0xe6, 0x18, 0x80, 0xf8])));
    });
    await Promise.all([silent, garbage].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await Promise.all([silent, garbage].map((s) => new Promise((r) => s.close(r))));
  });

  it('silence: nothing at all came back', async () => {
    // A short --ready-timeout keeps the test quick; the default (20 s) is openModem's, proven in core's ready-wait tests.
    const run = await runInProcess(['probe', '--json', '--ready-timeout', '1.5', '--port', `127.0.0.1:${portOf(silent)}`], {});
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: 4, error: { code: 'TIMEOUT' } });
    expect(run.stderr).toMatch(new RegExp(`no AT answer from tcp://127\\.0\\.0\\.1:${portOf(silent)} after \\d+\\.\\d s: nothing at all came back`));
    await released();
  }, 30_000);

  it('garbage: the bytes that came back and the likely wrong --baud', async () => {
    const run = await runInProcess(['probe', '--ready-timeout', '1.5', '--port', `tcp://127.0.0.1:${portOf(garbage)}`], {});
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/after \d+\.\d s, but \d+ bytes that were no AT answer came back \(first bytes fe 00 9f e6 18 80 f8/);
    expect(run.stderr).toContain('usually means a wrong --baud');
    await released();
  }, 30_000);

  it('a TCP port nobody listens on is a modem error at once', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const where = portOf(closed);
    await new Promise((r) => closed.close(r));
    const run = await runInProcess(['probe', '--port', `127.0.0.1:${where}`], {});
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`cannot connect to 127.0.0.1:${where}`);
  });
});
