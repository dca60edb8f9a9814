import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SerialPort } from 'serialport';
import { startTestFtpServer, startVirtualModem, type RunningTestFtpServer, type VirtualModem } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FtpError } from '../../src/errors/ftp-error.js';
import type { FleetJob } from '../../src/fleet/member.js';
import { openModems, type Fleet } from '../../src/fleet/open-modems.js';
import type { FleetTraceEvent } from '../../src/fleet/trace-ring.js';
import { hasSocat } from '../support/socat.js';

const drivers = [quectel(), simcom()];
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const PAYLOAD = new Uint8Array(40 * 1024).map((_, i) => (i * 131 + (i >> 8)) & 0xff);

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'fw.bin'), PAYLOAD);
});
afterAll(async () => {
  await server?.stop();
});

/** Logs in, downloads fw.bin into memory and returns its sha256. */
const download: FleetJob<string> = async ({ modem, signal }) => {
  await modem.connect({ apn: 'internet', signal });
  const ftp = await modem.ftp({ host: server.host, port: server.port, user: server.user, password: server.password });
  try {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await ftp.downloadTo(sink, 'fw.bin', { signal });
    return sha(Buffer.concat(chunks));
  } finally {
    await ftp.close().catch(() => undefined);
  }
};

describe('openModems over in-memory virtual modems', () => {
  const vms: VirtualModem[] = [];
  let fleet: Fleet | undefined;
  afterEach(async () => {
    await fleet?.close({ timeoutMs: 300 });
    await Promise.all(vms.splice(0).map((vm) => vm.close()));
  });

  it('a stalled modem times out alone: the others finish with exact bytes, each trace is its own, close is bounded', async () => {
    const models = ['EC25', 'SIM7080G', 'EC25'] as const;
    vms.push(...(await Promise.all(models.map((model) => startVirtualModem({ model, link: 'memory' })))));
    const targets = vms.map((vm, i) => ({ name: `vm${i}`, transport: vm.transport! }));
    fleet = await openModems(targets, { drivers });
    expect(fleet.members.map((m) => [m.port, m.state, m.modem?.info.vendor])).toEqual([
      ['vm0', 'open', 'quectel'],
      ['vm1', 'open', 'simcom'],
      ['vm2', 'open', 'quectel'],
    ]);
    // vm1 stops answering anything from its next command on.
    vms[1]!.faults.silentAfterCommands = 0;
    const results = await fleet.each(download, { timeoutMs: 4000 });
    const [a, stalled, c] = results;
    expect(a).toMatchObject({ port: 'vm0', ok: true, value: sha(PAYLOAD) });
    expect(c).toMatchObject({ port: 'vm2', ok: true, value: sha(PAYLOAD) });
    expect(stalled?.ok).toBe(false);
    expect(stalled?.ok === false && stalled.error).toBeInstanceOf(FtpError);
    expect(stalled?.ok === false && stalled.error.code).toBe('TIMEOUT');
    expect(stalled?.ok === false && stalled.error.message).toBe('vm1: the job did not finish within 4000 ms (the modem stalled?)');
    // The healthy ones did not wait for the stalled one's timeout.
    expect(a!.durationMs).toBeLessThan(4000);
    expect(c!.durationMs).toBeLessThan(4000);
    for (const member of fleet.members) {
      const lines = member.trace();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.startsWith(`[${member.port}] `))).toBe(true);
    }
    // The stalled modem's last written command is in its own trace, unanswered.
    expect(fleet.member('vm1')!.trace().at(-1)).toMatch(/^\[vm1\] [\d:.]+ tx command AT/);
    const started = performance.now();
    await fleet.close({ timeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(fleet.members.map((m) => m.state)).toEqual(['closed', 'closed', 'closed']);
    await expect(fleet.members[0]!.run(download)).rejects.toMatchObject({ code: 'CLOSED' });
    fleet = undefined;
  });

  it('a modem that cannot be opened is a failed member with its reason; the rest open', async () => {
    vms.push(await startVirtualModem({ model: 'EC25', link: 'memory' }));
    fleet = await openModems([{ name: 'good', transport: vms[0]!.transport! }, '/nonexistent/ttyUSB9'], { drivers });
    expect(fleet.member('good')?.state).toBe('open');
    const bad = fleet.member('/nonexistent/ttyUSB9');
    expect(bad?.state).toBe('failed');
    expect(bad?.error?.code).toBe('MODEM');
    expect(bad?.error?.message).toMatch(/^\/nonexistent\/ttyUSB9: cannot open \/nonexistent\/ttyUSB9: /);
    const results = await fleet.each(download);
    expect(results.map((r) => [r.port, r.ok])).toEqual([
      ['good', true],
      ['/nonexistent/ttyUSB9', false],
    ]);
  });

  it('jobs on one modem run one after another, jobs on different modems at once', async () => {
    vms.push(...(await Promise.all([startVirtualModem({ model: 'EC25' }), startVirtualModem({ model: 'EC25' })])));
    fleet = await openModems(vms.map((vm, i) => ({ name: `m${i}`, transport: vm.transport! })), { drivers });
    const log: string[] = [];
    let releaseFirst!: () => void;
    const gate = new Promise<void>((r) => (releaseFirst = r));
    const first = fleet.member('m0')!.run(async () => {
      log.push('m0 first start');
      await gate;
      log.push('m0 first end');
    });
    const second = fleet.member('m0')!.run(async () => void log.push('m0 second'));
    await fleet.member('m1')!.run(async () => void log.push('m1 only'));
    expect(log).toEqual(['m0 first start', 'm1 only']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['m0 first start', 'm1 only', 'm0 first end', 'm0 second']);
    // A job that throws before its first await fails alone; the modem's queue goes on.
    const boom = (): Promise<never> => {
      throw new FtpError('PROTOCOL', 'boom');
    };
    await expect(fleet.member('m0')!.run(boom)).rejects.toMatchObject({ code: 'PROTOCOL', message: 'boom' });
    await expect(fleet.member('m0')!.run(async ({ modem }) => modem.info.model)).resolves.toBe('EC25');
  });

  it('refuses an empty driver list and a target given twice', async () => {
    await expect(openModems(['/dev/a'], { drivers: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openModems(['/dev/a', '/dev/a'], { drivers })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'openModems: "/dev/a" is given twice',
    });
  });
});

const mustRun = process.env.CI === 'true';
describe.runIf(hasSocat || mustRun)('openModems over ptys', () => {
  const vms: VirtualModem[] = [];
  afterEach(async () => {
    await Promise.all(vms.splice(0).map((vm) => vm.close()));
  });

  it('a restarting modem recovers or fails alone, and close() releases every port, the stalled one too', async () => {
    vms.push(
      ...(await Promise.all([
        startVirtualModem({ model: 'EC25', link: 'pty', baudRate: 921600 }),
        startVirtualModem({ model: 'SIM7080G', link: 'pty', baudRate: 921600 }),
        startVirtualModem({ model: 'EC25', link: 'pty', baudRate: 921600 }),
      ])),
    );
    const paths = vms.map((vm) => vm.path as string);
    const events: FleetTraceEvent[] = [];
    const fleet = await openModems(paths, { drivers, baudRate: 921600, trace: (e) => events.push(e) });
    expect(fleet.members.map((m) => m.state)).toEqual(['open', 'open', 'open']);
    // vm1 restarts at its next command (it prints RDY and loses its settings); vm2 goes silent.
    const sent = fleet.members[1]!.trace().filter((l) => / tx command /.test(l)).length;
    vms[1]!.faults.rebootAfterCommands = sent + 1;
    vms[2]!.faults.silentAfterCommands = 0;
    const retryOnce: FleetJob<string> = async (ctx) => download(ctx).catch(() => download(ctx));
    const before = events.length;
    const results = await fleet.each(retryOnce, { timeoutMs: 8000 });
    expect(results[0]).toMatchObject({ ok: true, value: sha(PAYLOAD) });
    expect(results[1]).toMatchObject({ ok: true, value: sha(PAYLOAD) });
    // The restart (a start-up RDY after opening) is in vm1's trace only.
    expect(events.slice(before).filter((e) => e.text === 'RDY' && e.kind === 'urc').map((e) => e.port)).toEqual([paths[1]]);
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    await fleet.close({ timeoutMs: 500 });
    // Every port is free again: another program can take it with a lock at once.
    for (const path of paths) {
      const again = new SerialPort({ path, baudRate: 115200, lock: true, autoOpen: false });
      await new Promise<void>((resolve, reject) => again.open((err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve) => again.close(() => resolve()));
    }
  });
});
