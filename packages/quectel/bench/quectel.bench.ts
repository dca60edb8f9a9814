/**
 * Transfer efficiency of the Quectel driver through the virtual EC25 (every
 * strategy) and the virtual BG96 (its default, `com`: issue 16)
 * (memory link paced at the baud rate, 20 ms command latency) against an
 * in-process FTP server on 127.0.0.1. efficiency = payload bytes ÷ (seconds ×
 * baud/10): 1.0 would be a line busy with payload only.
 *
 * Run: node --conditions=source --import tsx packages/quectel/bench/quectel.bench.ts
 * Extra fixed-chunk rows for choosing the default: QUECTEL_BENCH_CHUNKS=4096,16384,65536; one strategy: QUECTEL_BENCH_ONLY=com
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { openModem } from '@cellftp/core';
import { startVirtualModem } from '@cellftp/emulator';
import { startTestFtpServer } from '../../emulator/src/testing/ftp-server.js';
import { quectel, STRATEGIES, type QuectelDriverOptions } from '../src/index.js';
import type { BenchRow } from '../../../bench/bench-row.js';
export type { BenchRow };

const CASES = [
  { baud: 115_200, bytes: 256 * 1024, target: 0.95 },
  { baud: 921_600, bytes: 2 * 1024 * 1024, target: 0.9 },
] as const;

async function measure(
  server: Awaited<ReturnType<typeof startTestFtpServer>>,
  baud: number,
  bytes: number,
  strategy: string,
  direction: 'download' | 'upload',
  driver: QuectelDriverOptions,
  model: 'EC25' | 'BG96',
): Promise<{ seconds: number; cpuMs: number; rss: number }> {
  const vm = await startVirtualModem({ model, link: 'memory', baudRate: baud, latencyMs: 20, timing: { asyncCloseMs: 50 } });
  const modem = await openModem({ transport: vm.transport!, drivers: [quectel(driver)] });
  try {
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      downloadStrategy: strategy,
      uploadStrategy: strategy,
    });
    const name = `bench-${model}-${strategy}-${direction}-${baud}.bin`;
    const data = randomBytes(bytes);
    if (direction === 'download') writeFileSync(join(server.root, name), data);
    const cpu = process.cpuUsage();
    const started = performance.now();
    if (direction === 'download') {
      const sink = new Writable({ write: (_c, _e, done) => done() });
      const result = await ftp.downloadTo(sink, name);
      if (result.bytes !== bytes) throw new Error(`downloaded ${result.bytes} of ${bytes}`);
    } else {
      const result = await ftp.uploadFrom(data, name);
      if (result.bytes !== bytes) throw new Error(`uploaded ${result.bytes} of ${bytes}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    await ftp.close();
    return { seconds, cpuMs: (used.user + used.system) / 1000, rss: process.memoryUsage().rss };
  } finally {
    await modem.close();
    await vm.close();
  }
}

/** Measures every strategy in both directions at both documented operating points. */
export async function runQuectelBench(): Promise<BenchRow[]> {
  const server = await startTestFtpServer();
  const rows: BenchRow[] = [];
  const fixed = (process.env.QUECTEL_BENCH_CHUNKS ?? '').split(',').filter(Boolean).map(Number);
  const variants: Array<{ strategy: string; label: string; driver: QuectelDriverOptions; model: 'EC25' | 'BG96' }> = [
    ...STRATEGIES.filter((s) => !process.env.QUECTEL_BENCH_ONLY || process.env.QUECTEL_BENCH_ONLY === s).map((s) => ({ strategy: s, label: s, driver: {}, model: 'EC25' as const })),
    ...fixed.map((n) => ({ strategy: 'com', label: `com/${n}`, driver: { downloadChunkBytes: n, uploadChunkBytes: n }, model: 'EC25' as const })),
    // The BG96 shares the flows; its rows show the profile costs nothing on the line.
    { strategy: 'com', label: 'com', driver: {}, model: 'BG96' },
  ];
  try {
    for (const { baud, bytes, target } of CASES) {
      for (const v of variants) {
        for (const direction of ['download', 'upload'] as const) {
          const m = await measure(server, baud, bytes, v.strategy, direction, v.driver, v.model);
          const efficiency = bytes / (m.seconds * (baud / 10));
          const isDefault = v.label === STRATEGIES[0];
          rows.push({
            vendor: v.model === 'EC25' ? 'quectel' : `quectel (${v.model})`,
            strategy: v.label,
            direction,
            baud,
            bytes,
            seconds: m.seconds,
            efficiency,
            cpuMsPerMiB: m.cpuMs / (bytes / 1024 / 1024),
            peakRssMiB: m.rss / 1024 / 1024,
            default: isDefault,
            ...(isDefault ? { target, met: efficiency >= target } : {}),
          });
        }
      }
    }
  } finally {
    await server.stop();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runQuectelBench();
  console.log('strategy     direction  baud     bytes     seconds  efficiency  CPU ms/MiB  target');
  for (const r of rows) {
    console.log(
      `${(r.strategy + (r.default ? '*' : '')).padEnd(12)} ${r.direction.padEnd(10)} ${String(r.baud).padEnd(8)} ${String(r.bytes).padEnd(9)} ${r.seconds.toFixed(2).padStart(7)}  ${r.efficiency.toFixed(3).padStart(10)}  ${r.cpuMsPerMiB.toFixed(0).padStart(10)}  ${r.target === undefined ? '' : `≥${r.target} ${r.met ? 'MET' : 'NOT MET'}`}`,
    );
  }
  process.exit(0);
}
