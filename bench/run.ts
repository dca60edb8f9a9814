/**
 * `pnpm bench`: runs every benchmark in one process, prints the figures and
 * writes bench/results/latest.json and latest.md. Driver benchmarks are
 * picked up when their package provides one.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFramingBench } from '../packages/core/bench/framing.bench.js';
import type { BenchRow } from './bench-row.js';
import { runGatewayBench, type GatewayRow } from './gateway.bench.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

async function driverRows(pkg: string, file: string, fn: string): Promise<BenchRow[]> {
  const path = join(root, 'packages', pkg, 'bench', file);
  if (!existsSync(path)) return [];
  const mod = (await import(path)) as Record<string, () => Promise<BenchRow[]>>;
  const run = mod[fn];
  return run ? run() : [];
}

/**
 * The memory bound runs each model in its own child process (a clean heap to
 * measure), all at once: with the FTP server in that process (the issue's
 * setting) and in a process of its own (what the SDK and the virtual modem add). CELLFTP_BENCH_MEMORY_MIB overrides the issue's 100 MiB.
 */
async function memoryRows(): Promise<Array<Record<string, unknown>>> {
  const mib = process.env.CELLFTP_BENCH_MEMORY_MIB ?? '100';
  const script = join(root, 'bench', 'memory.bench.ts');
  const cases = (['EC25', 'SIM7080G'] as const).flatMap((model) => (['in-process', 'child'] as const).map((place) => ({ model, place })));
  const runs = cases.map(async ({ model, place }) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--expose-gc', '--import', 'tsx', script, model, mib, place],
      { cwd: root, maxBuffer: 1024 * 1024, timeout: 30 * 60_000 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  });
  return Promise.all(runs);
}

const framing = runFramingBench();
console.log(`${framing.name}: median ${framing.medianMBps} MB/s, best ${framing.bestMBps} MB/s (target ≥ ${framing.target}) ${framing.met ? 'MET' : 'NOT MET'}`);

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [pkg, file, fn] of [
  ['quectel', 'quectel.bench.ts', 'runQuectelBench'],
  ['simcom', 'simcom.bench.ts', 'runSimcomBench'],
  ['ublox', 'ublox.bench.ts', 'runUbloxBench'],
] as const) {
  if (only.length > 0 && !only.includes(pkg)) continue;
  rows.push(...(await driverRows(pkg, file, fn)));
}

const md = [
  '| vendor | strategy | direction | baud | bytes | seconds | efficiency | CPU ms/MiB | peak RSS MiB | target | met |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.vendor} | ${r.strategy}${r.default ? ' (default)' : ''} | ${r.direction} | ${r.baud} | ${r.bytes} | ${r.seconds.toFixed(2)} | ${r.efficiency.toFixed(3)} | ${r.cpuMsPerMiB.toFixed(0)} | ${r.peakRssMiB?.toFixed(0) ?? ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`,
  ),
].join('\n');
if (rows.length > 0) console.log(md);

const memory = only.length === 0 || only.includes('memory') ? await memoryRows() : [];
const memoryMd = [
  '| model | FTP server | MiB | baud | seconds | efficiency | settled (s) | baseline RSS MiB | peak RSS MiB | added RSS MiB | target | met | sha256 |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...memory.map(
    (m) =>
      `| ${m.model} | ${m.ftpServer} | ${m.mib} | ${m.baud} | ${Number(m.seconds).toFixed(1)} | ${Number(m.efficiency).toFixed(3)} | ${m.settleSeconds} | ${m.baselineRssMiB} | ${m.peakRssMiB} | ${m.addedRssMiB} | < ${m.target} | ${m.met ? 'yes' : 'no'} | ${m.sha256Match ? 'match' : 'MISMATCH'} |`,
  ),
].join('\n');
if (memory.length > 0) console.log(memoryMd);

// `pnpm bench gateway` only (many processes, minutes): N from CELLFTP_BENCH_GATEWAY_N, file size CELLFTP_BENCH_GATEWAY_KIB; method and figures in bench/gateway.md.
const gatewayNs = (process.env.CELLFTP_BENCH_GATEWAY_N ?? '1,4,16,32').split(',').map(Number);
const gateway: GatewayRow[] = only.includes('gateway') ? await runGatewayBench(gatewayNs, Number(process.env.CELLFTP_BENCH_GATEWAY_KIB ?? 1024)) : [];
const gatewayMd = [
  '| modems | KiB each | seconds | CPU ms/MiB (≤ 150 at 16) | RSS MiB | baseline RSS MiB | worst efficiency | mean efficiency | failed | SDK CPU ms open/login/warm-up/transfer | modem processes ms/MiB | load |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...gateway.map(
    (g) =>
      `| ${g.modems} | ${g.bytesPerModem / 1024} | ${g.seconds} | ${g.cpuMsPerMiB} | ${g.rssMiB} | ${g.baselineRssMiB} | ${g.efficiency} | ${g.meanEfficiency} | ${g.failed} | ${g.phaseCpuMs.open}/${g.phaseCpuMs.login}/${g.phaseCpuMs.warmup}/${g.phaseCpuMs.transfer} | ${Object.entries(g.modemCpuMsPerMiB ?? {}).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')} | ${g.loadAverage} |`,
  ),
].join('\n');
if (gateway.length > 0) console.log(gatewayMd);

const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });
// A partial run (`pnpm bench gateway`) keeps the other sections of the previous results.
const previous = only.length > 0 && existsSync(join(out, 'latest.json')) ? (JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as Record<string, unknown>) : {};
const result = {
  ...previous,
  date: new Date().toISOString(),
  node: process.version,
  framing,
  ...(only.length === 0 || rows.length > 0 ? { transfers: rows } : {}),
  ...(only.length === 0 || only.includes('memory') ? { memory } : {}),
  ...(gateway.length > 0 ? { gateway } : {}),
};
writeFileSync(join(out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(
  join(out, 'latest.md'),
  `# Benchmark results (${result.date})\n\n## Framing\n\n${framing.name}: median ${framing.medianMBps} MB/s (target ≥ ${framing.target})\n\n## Transfers\n\n${md}\n\n## Memory (long download, in memory, paced)\n\n${memoryMd}\n${gateway.length > 0 ? `\n## Gateway (N modems, own processes, pty, 921600 baud)\n\n${gatewayMd}\n` : ''}`,
);
console.log(`wrote ${join('bench', 'results', 'latest.json')} and latest.md`);
