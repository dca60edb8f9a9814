/**
 * Cost per modem on one gateway (issue #19): N virtual modems, each in its own
 * process over a pty paced at 921600 baud, download the same file at once
 * through one fleet (`openModems`). Only this process (the SDK) is measured:
 * CPU ms per MiB moved, peak RSS, and each transfer's share of the line rate.
 *
 *   node --conditions=source --import tsx bench/gateway.bench.ts <N> [KiB] [model]
 * prints one JSON row. `bench/run.ts gateway` runs N = 1, 4, 16, 32 one after
 * another (CELLFTP_BENCH_GATEWAY_N, CELLFTP_BENCH_GATEWAY_KIB override) and
 * CELLFTP_BENCH_GATEWAY_BATCH_MS sets openModems' batchReadsMs (0: off), and
 * CELLFTP_BENCH_CPU_PROF=<dir> writes a CPU profile of the transfer window
 * (`gateway-<N>.cpuprofile`, the format of `node --cpu-prof`; summarise it
 * with bench/gateway-profile.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openModems, type FtpSession } from '@cellftp/core';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import { diffCpu, threadCpuMs, treeCpuMs } from './proc-cpu.js';

/** One row under `gateway` in bench/results/latest.json. */
export interface GatewayRow {
  modems: number;
  model: string;
  baud: number;
  bytesPerModem: number;
  seconds: number;
  cpuMsPerMiB: number;
  /** Peak RSS of the SDK process during the transfers. */
  rssMiB: number;
  /** RSS once every modem was open and logged in, before the transfers. */
  baselineRssMiB: number;
  /** The worst transfer's payload bytes ÷ (seconds × baud / 10). */
  efficiency: number;
  meanEfficiency: number;
  failed: number;
  /** CPU ms of the transfer window per thread kind (Linux): where the time goes besides JavaScript. */
  threadCpuMs?: Record<string, number>;
  /** SDK CPU ms per phase: opening the fleet, connect + log-in, the warm-up download, the measured transfers. */
  phaseCpuMs: { open: number; login: number; warmup: number; transfer: number };
  /** KiB each modem downloaded before measuring (JIT and buffers warmed), 0 for none. */
  warmupKiB: number;
  /** CPU ms per MiB of the virtual modems' processes (node children and their socat) in the transfer window: not the SDK's, but what shares its cores. */
  modemCpuMsPerMiB?: Record<string, number>;
  /** 1-minute load average when the row was measured (the machine is shared). */
  loadAverage: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const MiB = 1024 * 1024;
const BAUD = 921_600;

/** Starts `script` as a tsx child and reads its first stdout line as JSON. */
async function child<T>(script: string, args: string[]): Promise<{ info: T; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(here, script), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: proc.stdout! }), 'line')) as [string];
  return { info: JSON.parse(line) as T, proc };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.stdin?.end();
  const exited = once(proc, 'exit');
  const timer = setTimeout(() => proc.kill('SIGTERM'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A destination that only counts: the bench measures the SDK, not a hash. */
function countingSink(): { sink: Writable; bytes: () => number } {
  let n = 0;
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _e, cb) {
      n += chunk.length;
      cb();
    },
  });
  return { sink, bytes: () => n };
}

/** Profiles the transfers only (not start-up or log-in), like `--cpu-prof` over that window. */
async function startProfile(): Promise<(path: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async (path) => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Measures one N in this process. */
export async function measureGateway(modems: number, kib: number, model: 'EC25' | 'SIM7080G' = 'EC25'): Promise<GatewayRow> {
  const server = await child<{ host: string; port: number; user: string; password: string; root: string }>('ftp-server-child.ts', []);
  const size = kib * 1024;
  const payload = Buffer.alloc(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 31 + (i >> 10)) & 0xff;
  await writeFile(join(server.info.root, 'gw.bin'), payload);
  const warmupKiB = Number(process.env.CELLFTP_BENCH_GATEWAY_WARMUP_KIB ?? 128);
  if (warmupKiB > 0) await writeFile(join(server.info.root, 'warm.bin'), payload.subarray(0, Math.min(size, warmupKiB * 1024)));
  const sdkMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const phase0 = sdkMs();
  const vms = await Promise.all(Array.from({ length: modems }, () => child<{ path: string }>('gateway-modem-child.ts', [model, String(BAUD)])));
  const fleet = await openModems(
    vms.map((v) => v.info.path),
    { drivers: [quectel(), simcom()], baudRate: BAUD, openTimeoutMs: 120_000, ttyReads: process.env.CELLFTP_BENCH_GATEWAY_TTY !== '0', ...(process.env.CELLFTP_BENCH_GATEWAY_BATCH_MS ? { batchReadsMs: Number(process.env.CELLFTP_BENCH_GATEWAY_BATCH_MS) } : {}), ...(process.env.CELLFTP_BENCH_GATEWAY_TRACE ? { traceHistory: Number(process.env.CELLFTP_BENCH_GATEWAY_TRACE) } : {}) },
  );
  const phaseOpen = sdkMs();
  try {
    const opened = fleet.members.filter((m) => m.state === 'open').length;
    if (opened !== modems) throw new Error(`only ${opened} of ${modems} modems opened: ${fleet.members.map((m) => m.error?.message).filter(Boolean).join('; ')}`);
    // Log in before measuring: the figure is the transfer's cost, not the set-up's.
    const sessions = new Map<string, FtpSession>();
    const login = await fleet.each(async ({ port, modem, signal }) => {
      await modem.connect({ apn: 'internet', signal });
      sessions.set(port, await modem.ftp({ host: server.info.host, port: server.info.port, user: server.info.user, password: server.info.password }));
    });
    const loginFailed = login.filter((r) => !r.ok);
    if (loginFailed.length > 0) throw new Error(`login failed: ${loginFailed.map((r) => (r.ok ? '' : r.error.message)).join('; ')}`);
    const phaseLogin = sdkMs();
    // One small download per modem first: the measured window should not pay for JIT compilation of the data path.
    if (warmupKiB > 0) {
      const warm = await fleet.each(async ({ port, signal }) => {
        const { sink } = countingSink();
        await sessions.get(port)!.downloadTo(sink, 'warm.bin', { signal });
      });
      const warmFailed = warm.filter((r) => !r.ok);
      if (warmFailed.length > 0) throw new Error(`warm-up failed: ${warmFailed.map((r) => (r.ok ? '' : r.error.message)).join('; ')}`);
    }
    const phaseWarm = sdkMs();
    globalThis.gc?.();
    const baseline = process.memoryUsage().rss / MiB;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / MiB)), 100);
    const profiler = process.env.CELLFTP_BENCH_CPU_PROF ? await startProfile() : undefined;
    const threads0 = threadCpuMs();
    const modemPids = vms.map((v) => v.proc.pid).filter((pid): pid is number => pid !== undefined);
    const modems0 = treeCpuMs(modemPids);
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const results = await fleet.each(async ({ port, signal }) => {
      const { sink, bytes } = countingSink();
      const t0 = performance.now();
      await sessions.get(port)!.downloadTo(sink, 'gw.bin', { signal });
      const seconds = (performance.now() - t0) / 1000;
      if (bytes() !== size) throw new Error(`${port}: ${bytes()} bytes, expected ${size}`);
      return bytes() / (seconds * (BAUD / 10));
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const threads = diffCpu(threadCpuMs(), threads0);
    const modemCpu = diffCpu(treeCpuMs(modemPids), modems0);
    clearInterval(sampler);
    await profiler?.(join(process.env.CELLFTP_BENCH_CPU_PROF as string, `gateway-${modems}.cpuprofile`));
    peak = Math.max(peak, process.memoryUsage().rss / MiB);
    const effs = results.filter((r) => r.ok).map((r) => (r.ok ? r.value : 0));
    const movedMiB = (effs.length * size) / MiB;
    await Promise.all([...sessions.values()].map((s) => s.close().catch(() => undefined)));
    return {
      modems,
      model,
      baud: BAUD,
      bytesPerModem: size,
      seconds: Math.round(seconds * 100) / 100,
      cpuMsPerMiB: Math.round((cpu.user + cpu.system) / 1000 / Math.max(movedMiB, 1e-9)),
      rssMiB: Math.round(peak * 10) / 10,
      baselineRssMiB: Math.round(baseline * 10) / 10,
      efficiency: Math.round(Math.min(...effs) * 1000) / 1000,
      meanEfficiency: Math.round((effs.reduce((a, b) => a + b, 0) / Math.max(effs.length, 1)) * 1000) / 1000,
      failed: results.length - effs.length,
      threadCpuMs: threads,
      phaseCpuMs: {
        open: Math.round(phaseOpen - phase0),
        login: Math.round(phaseLogin - phaseOpen),
        warmup: Math.round(phaseWarm - phaseLogin),
        transfer: Math.round((cpu.user + cpu.system) / 1000),
      },
      warmupKiB,
      modemCpuMsPerMiB: Object.fromEntries(Object.entries(modemCpu).map(([k, v]) => [k, Math.round(v / Math.max(movedMiB, 1e-9))])),
      loadAverage: Math.round((await import('node:os')).loadavg()[0]! * 10) / 10,
    };
  } finally {
    await fleet.close({ timeoutMs: 3000 });
    await Promise.all(vms.map((v) => stop(v.proc)));
    await stop(server.proc);
  }
}

/** Runs each N in a fresh process (clean heap, nothing else measured), one after another. */
export async function runGatewayBench(ns: readonly number[] = [1, 4, 16, 32], kib = 1024): Promise<GatewayRow[]> {
  const rows: GatewayRow[] = [];
  const prof = process.env.CELLFTP_BENCH_CPU_PROF;
  for (const n of ns) {
    const args = ['--conditions=source', '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), String(n), String(kib)];
    const proc = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const [code] = (await once(proc, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`gateway bench N=${n} exited with ${code}`);
    const row = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as GatewayRow;
    console.log(
      `gateway N=${n}: ${row.cpuMsPerMiB} ms CPU/MiB, RSS ${row.rssMiB} MiB (baseline ${row.baselineRssMiB}), efficiency min ${row.efficiency} mean ${row.meanEfficiency}, load ${row.loadAverage}; ` +
        `SDK phases ms ${JSON.stringify(row.phaseCpuMs)}, threads ${JSON.stringify(row.threadCpuMs)}, modem processes ms/MiB ${JSON.stringify(row.modemCpuMsPerMiB)}`,
    );
    rows.push(row);
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const row = await measureGateway(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 1024), (process.argv[4] ?? 'EC25') as 'EC25' | 'SIM7080G');
  process.stdout.write(`${JSON.stringify(row)}\n`);
  process.exit(0);
}
