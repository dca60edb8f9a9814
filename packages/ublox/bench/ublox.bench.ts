/**
 * Throughput of every u-blox strategy through the virtual SARA-R5 and
 * SARA-R410M (memory link paced at the baud rate, 20 ms command latency)
 * against an in-process FTP server: efficiency = payload bytes ÷ (seconds ×
 * baud / 10). A SARA-R4 stages every file in its 236 800-byte flash, so its
 * rows move 200 KiB; `fs` rows read the file twice over different links (the
 * network into flash, then the UART), the bound is in docs/vendor-mapping.md.
 *
 * Run: node --conditions=source --import tsx packages/ublox/bench/ublox.bench.ts [--quick] [--model=SARA-R5]
 */
import { pathToFileURL } from 'node:url';
import { SARA_R4, SARA_R5, ublox } from '../src/index.js';
import type { BenchRow } from '../../../bench/bench-row.js';
import { modelArgs, printBenchRows, runStrategyBench, type BenchModel, type StrategyBenchOptions } from '../../../bench/strategy-bench.js';
export type { BenchRow };

/** Each model with its strategies, default first, and the most its flash stages. */
const MODELS: readonly BenchModel[] = [
  { model: 'SARA-R5', vendor: 'ublox SARA-R5', download: SARA_R5.downloads.names, upload: SARA_R5.uploads.names, maxBytes: 2 * 1024 * 1024 },
  { model: 'SARA-R410M', vendor: 'ublox SARA-R410M', download: SARA_R4.downloads.names, upload: SARA_R4.uploads.names, maxBytes: 200 * 1024 },
];

/** Runs every strategy in both directions at both line rates; the driver times its escapes from the line rate. */
export function runUbloxBench(options: StrategyBenchOptions = {}): Promise<BenchRow[]> {
  return runStrategyBench(MODELS, (baudRate) => ublox({ baudRate }), options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const models = modelArgs(process.argv);
  printBenchRows(await runUbloxBench({ quick: process.argv.includes('--quick'), log: true, ...(models ? { models } : {}) }));
}
