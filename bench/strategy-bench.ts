/**
 * The loop every driver benchmark shares: each model's strategies, default
 * first, in both directions at both line rates, through the virtual modem
 * (memory link paced at the baud rate, 20 ms command latency) against an
 * in-process FTP server. Efficiency = payload bytes ÷ (seconds × baud / 10);
 * every download is counted and every upload read back and compared, so a
 * fast wrong transfer cannot pass for a fast one.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openModem, type FtpSession, type ModemDriver } from '@cellftp/core';
import { startVirtualModem, startTestFtpServer, type VirtualModelName } from '@cellftp/emulator';
import type { BenchRow } from './bench-row.js';

/** The two line rates and file sizes of every driver benchmark, with the targets for the defaults. */
export const BENCH_CASES = [
  { baud: 115_200, bytes: 256 * 1024, target: 0.95 },
  { baud: 921_600, bytes: 2 * 1024 * 1024, target: 0.9 },
] as const;

/** One benchmarked model: its strategies per direction (default first) and the largest file it can move. */
export interface BenchModel {
  readonly model: VirtualModelName;
  /** The `vendor` column of its rows. */
  readonly vendor: string;
  readonly download: readonly string[];
  readonly upload: readonly string[];
  /** A module that stages files in a small flash moves at most this many bytes. */
  readonly maxBytes?: number;
}

export interface StrategyBenchOptions {
  readonly quick?: boolean;
  readonly log?: boolean;
  /** Only these models (`--model=…`). */
  readonly models?: readonly string[];
}

/** Runs every model's strategies; `driver(baud)` builds the driver for a line rate. */
export async function runStrategyBench(models: readonly BenchModel[], driver: (baud: number) => ModemDriver, options: StrategyBenchOptions = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const server = await startTestFtpServer();
  try {
    for (const m of models) {
      if (options.models && !options.models.includes(m.model)) continue;
      for (const c of BENCH_CASES) {
        const bytes = Math.min(options.quick ? Math.min(c.bytes, 64 * 1024) : c.bytes, m.maxBytes ?? Infinity);
        const payload = randomBytes(bytes);
        await writeFile(join(server.root, 'bench.bin'), payload);
        const vm = await startVirtualModem({ model: m.model, link: 'memory', baudRate: c.baud, latencyMs: 20 });
        const modem = await openModem({ transport: vm.transport!, drivers: [driver(c.baud)] });
        try {
          await modem.connect({ apn: 'internet' });
          for (const direction of ['download', 'upload'] as const) {
            const strategies = direction === 'download' ? m.download : m.upload;
            for (const strategy of strategies) {
              const ftp = await modem.ftp({
                host: server.host, port: server.port, user: server.user, password: server.password,
                ...(direction === 'download' ? { downloadStrategy: strategy } : { uploadStrategy: strategy }),
              });
              const cpu = process.cpuUsage();
              const started = performance.now();
              const moved = await transfer(ftp, direction, strategy, payload, server.root);
              const seconds = (performance.now() - started) / 1000;
              const used = process.cpuUsage(cpu);
              await ftp.close();
              const efficiency = moved / (seconds * (c.baud / 10));
              const isDefault = strategy === strategies[0];
              if (options.log) console.error(`${m.model} ${strategy} ${direction} ${c.baud}: ${seconds.toFixed(2)} s, efficiency ${efficiency.toFixed(3)}`);
              rows.push({
                vendor: m.vendor, strategy, direction, baud: c.baud, bytes: moved, seconds, efficiency,
                cpuMsPerMiB: (used.user + used.system) / 1000 / (moved / 1048576),
                default: isDefault,
                ...(isDefault ? { target: c.target, met: efficiency >= c.target } : {}),
              });
            }
          }
        } finally {
          await modem.close();
          await vm.close();
        }
      }
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/** Moves `payload` one way and checks it arrived whole; returns the bytes the session reports. */
async function transfer(ftp: FtpSession, direction: 'download' | 'upload', strategy: string, payload: Buffer, root: string): Promise<number> {
  if (direction === 'download') {
    let got = 0;
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((got += chunk.length), cb()) });
    const moved = (await ftp.downloadTo(sink, 'bench.bin')).bytes;
    if (got !== payload.length) throw new Error(`${strategy}: downloaded ${got} of ${payload.length}`);
    return moved;
  }
  const moved = (await ftp.uploadFrom(payload, `up-${strategy}.bin`)).bytes;
  const back = await readFile(join(root, `up-${strategy}.bin`));
  if (!back.equals(payload)) throw new Error(`${strategy}: uploaded file differs`);
  return moved;
}

/** `--model=…` arguments of a bench script run on its own. */
export function modelArgs(argv: readonly string[]): string[] | undefined {
  const models = argv.filter((a) => a.startsWith('--model=')).map((a) => a.slice('--model='.length));
  return models.length > 0 ? models : undefined;
}

/** Prints rows as the Markdown table the vendor-mapping doc quotes. */
export function printBenchRows(rows: readonly BenchRow[]): void {
  console.log('| vendor | strategy | direction | baud | bytes | seconds | efficiency | CPU ms/MiB | target | met |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.vendor} | ${r.strategy}${r.default ? ' (default)' : ''} | ${r.direction} | ${r.baud} | ${r.bytes} | ${r.seconds.toFixed(2)} | ${r.efficiency.toFixed(3)} | ${r.cpuMsPerMiB.toFixed(0)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`,
    );
  }
}
