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
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { openModem } from '@cellftp/core';
import { startVirtualModem, startTestFtpServer } from '@cellftp/emulator';
import { SARA_R4, SARA_R5, ublox } from '../src/index.js';
import type { BenchRow } from '../../../bench/bench-row.js';
export type { BenchRow };

const CASES = [
  { baud: 115_200, bytes: 256 * 1024, target: 0.95 },
  { baud: 921_600, bytes: 2 * 1024 * 1024, target: 0.9 },
] as const;

/** Each model with its strategies, default first, and the most its flash stages. */
const MODELS = [
  { model: 'SARA-R5', vendor: 'ublox SARA-R5', download: SARA_R5.downloads.names, upload: SARA_R5.uploads.names, maxBytes: 2 * 1024 * 1024 },
  { model: 'SARA-R410M', vendor: 'ublox SARA-R410M', download: SARA_R4.downloads.names, upload: SARA_R4.uploads.names, maxBytes: 200 * 1024 },
] as const;

/** Runs every strategy in both directions at both line rates. */
export async function runUbloxBench(options: { quick?: boolean; log?: boolean; models?: readonly string[] } = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const server = await startTestFtpServer();
  try {
    for (const m of MODELS) {
      if (options.models && !options.models.includes(m.model)) continue;
      for (const c of CASES) {
        const bytes = Math.min(options.quick ? Math.min(c.bytes, 64 * 1024) : c.bytes, m.maxBytes);
        const payload = randomBytes(bytes);
        await writeFile(join(server.root, 'bench.bin'), payload);
        const vm = await startVirtualModem({ model: m.model, link: 'memory', baudRate: c.baud, latencyMs: 20 });
        const modem = await openModem({ transport: vm.transport!, drivers: [ublox({ baudRate: c.baud })] });
        try {
          await modem.connect({ apn: 'internet' });
          for (const direction of ['download', 'upload'] as const) {
            const strategies: readonly string[] = direction === 'download' ? m.download : m.upload;
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const models = process.argv.filter((a) => a.startsWith('--model=')).map((a) => a.slice('--model='.length));
  const rows = await runUbloxBench({ quick: process.argv.includes('--quick'), log: true, ...(models.length > 0 ? { models } : {}) });
  console.log('| vendor | strategy | direction | baud | bytes | seconds | efficiency | CPU ms/MiB | target | met |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.vendor} | ${r.strategy}${r.default ? ' (default)' : ''} | ${r.direction} | ${r.baud} | ${r.bytes} | ${r.seconds.toFixed(2)} | ${r.efficiency.toFixed(3)} | ${r.cpuMsPerMiB.toFixed(0)} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`,
    );
  }
}
