/**
 * Throughput of every SIMCom strategy through the virtual SIM7080G (memory
 * link paced at the baud rate, 20 ms command latency) against an in-process
 * FTP server: efficiency = payload bytes ÷ (seconds × baud / 10).
 *
 * Run: node --conditions=source --import tsx packages/simcom/bench/simcom.bench.ts [--quick]
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { openModem } from '@cellftp/core';
import { startVirtualModem, startTestFtpServer } from '@cellftp/emulator';
import { DOWNLOAD_STRATEGIES, simcom, UPLOAD_STRATEGIES } from '../src/index.js';
import type { BenchRow } from '../../../bench/bench-row.js';
export type { BenchRow };

const CASES = [
  { baud: 115_200, bytes: 256 * 1024, target: 0.95 },
  { baud: 921_600, bytes: 2 * 1024 * 1024, target: 0.9 },
] as const;

/** Runs every strategy in both directions at both line rates. */
export async function runSimcomBench(options: { quick?: boolean; log?: boolean } = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const server = await startTestFtpServer();
  try {
    for (const c of CASES) {
      const bytes = options.quick ? Math.min(c.bytes, 64 * 1024) : c.bytes;
      const payload = randomBytes(bytes);
      await writeFile(join(server.root, 'bench.bin'), payload);
      const vm = await startVirtualModem({ model: 'SIM7080G', link: 'memory', baudRate: c.baud, latencyMs: 20 });
      const modem = await openModem({ transport: vm.transport!, drivers: [simcom()] });
      try {
        await modem.connect({ apn: 'internet' });
        for (const direction of ['download', 'upload'] as const) {
          const strategies = direction === 'download' ? DOWNLOAD_STRATEGIES : UPLOAD_STRATEGIES;
          for (const strategy of strategies) {
            const ftp = await modem.ftp({
              host: server.host, port: server.port, user: server.user, password: server.password,
              ...(direction === 'download' ? { downloadStrategy: strategy } : { uploadStrategy: strategy }),
            });
            const cpu = process.cpuUsage();
            const started = performance.now();
            let moved: number;
            if (direction === 'download') {
              let got = 0;
              const sink = new Writable({ write: (chunk: Buffer, _e, cb) => ((got += chunk.length), cb()) });
              moved = (await ftp.downloadTo(sink, 'bench.bin')).bytes;
              if (got !== bytes) throw new Error(`${strategy}: downloaded ${got} of ${bytes}`);
            } else {
              moved = (await ftp.uploadFrom(payload, `up-${strategy}.bin`)).bytes;
              const back = await readFile(join(server.root, `up-${strategy}.bin`));
              if (!back.equals(payload)) throw new Error(`${strategy}: uploaded file differs`);
            }
            const seconds = (performance.now() - started) / 1000;
            const used = process.cpuUsage(cpu);
            await ftp.close();
            const efficiency = moved / (seconds * (c.baud / 10));
            const isDefault = strategy === strategies[0];
            if (options.log) console.error(`${strategy} ${direction} ${c.baud}: ${seconds.toFixed(2)} s, efficiency ${efficiency.toFixed(3)}`);
            rows.push({
              vendor: 'simcom', strategy, direction, baud: c.baud, bytes: moved, seconds, efficiency,
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
  } finally {
    await server.stop();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runSimcomBench({ quick: process.argv.includes('--quick'), log: true });
  console.log('| strategy | direction | baud | bytes | seconds | efficiency | CPU ms/MiB | target | met |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.strategy}${r.default ? ' (default)' : ''} | ${r.direction} | ${r.baud} | ${r.bytes} | ${r.seconds.toFixed(2)} | ${r.efficiency.toFixed(3)} | ${r.cpuMsPerMiB.toFixed(0)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`,
    );
  }
}
