/**
 * Throughput of every SIMCom strategy through the virtual SIM7080G, A7670E and
 * SIM7600G (memory link paced at the baud rate, 20 ms command latency) against
 * an in-process FTP server: efficiency = payload bytes ÷ (seconds × baud / 10).
 * The AT+CFTPS* `block` upload is left out: each block after the first is
 * REST + STOR, which the in-process server does not honour (its docs); it is
 * tested byte-exact against proftpd instead (test/cftps/virtual.test.ts).
 *
 * Run: node --conditions=source --import tsx packages/simcom/bench/simcom.bench.ts [--quick]
 */
import { pathToFileURL } from 'node:url';
import { A76XX, DOWNLOAD_STRATEGIES, SIM7600, simcom, UPLOAD_STRATEGIES } from '../src/index.js';
import type { BenchRow } from '../../../bench/bench-row.js';
import { modelArgs, printBenchRows, runStrategyBench, type BenchModel, type StrategyBenchOptions } from '../../../bench/strategy-bench.js';
export type { BenchRow };

/** Each model with its strategies, default first; rows of the AT+CFTPS* models name the model. */
const MODELS: readonly BenchModel[] = [
  { model: 'SIM7080G', vendor: 'simcom', download: DOWNLOAD_STRATEGIES, upload: UPLOAD_STRATEGIES },
  { model: 'A7670E', vendor: 'simcom A7670E', download: A76XX.downloads.names, upload: A76XX.uploads.names.filter((s) => s !== 'block') },
  { model: 'SIM7600G', vendor: 'simcom SIM7600G', download: SIM7600.downloads.names, upload: SIM7600.uploads.names.filter((s) => s !== 'block') },
];

/** Runs every strategy in both directions at both line rates. */
export function runSimcomBench(options: StrategyBenchOptions = {}): Promise<BenchRow[]> {
  return runStrategyBench(MODELS, () => simcom(), options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const models = modelArgs(process.argv);
  printBenchRows(await runSimcomBench({ quick: process.argv.includes('--quick'), log: true, ...(models ? { models } : {}) }));
}
