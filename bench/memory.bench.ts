/**
 * Memory bound of a long download: a 100 MiB file through a virtual modem on
 * an in-memory link paced at 3 000 000 baud must add less than 30 MiB RSS
 * (issue #6). Every layer must stream: FTP server → virtual modem → paced
 * line → tokenizer → driver → Writable with backpressure.
 *
 * Run one model in a clean process:
 *   node --conditions=source --expose-gc --import tsx bench/memory.bench.ts EC25 [MiB] [child]
 * `child` runs the FTP server in a process of its own (see ftp-server-child.ts):
 * the figure is the in-process one, which also counts ftp-srv's garbage.
 * The baseline is taken once the heap has settled after start-up (settleHeap).
 * `bench/run.ts` starts one child per model, in parallel.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openModem } from '@cellftp/core';
import { startTestFtpServer, startVirtualModem } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';

/** The result of one memory run. */
export interface MemoryResult {
  model: string;
  /** Where the FTP server ran. */
  ftpServer: ServerPlace;
  mib: number;
  baud: number;
  seconds: number;
  efficiency: number;
  baselineRssMiB: number;
  /** How long the heap took to settle before the baseline, and its young generation then (MiB). */
  settleSeconds: number;
  baselineYoungGenMiB: number;
  peakRssMiB: number;
  addedRssMiB: number;
  /** At the RSS peak: V8 heap in use and memory held by ArrayBuffers (Buffers), MiB. */
  peakHeapUsedMiB: number;
  peakArrayBuffersMiB: number;
  target: number;
  met: boolean;
  sha256Match: boolean;
}

const BAUD = 3_000_000;
const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;

/** Writes `mib` MiB of a deterministic pattern without holding it in memory; returns its sha256. */
async function writePattern(path: string, mib: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const block = Buffer.alloc(MiB);
  for (let m = 0; m < mib; m++) {
    for (let i = 0; i < MiB; i++) block[i] = (i * 31 + m * 7 + (i >> 10)) & 0xff;
    hash.update(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

const rssMiB = (): number => process.memoryUsage().rss / MiB;

const youngGenerationMiB = (): number => (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / MiB;

/**
 * Waits (at most 60 s) until V8 has shrunk the young generation that start-up
 * grew (tsx compiling every module, writing the pattern file), then collects.
 * A baseline taken before that counts start-up's leftovers: a 32 MiB young
 * generation that is later given back, and in which the download's first
 * garbage then lives for tens of seconds because scavenges are rare. The
 * figure should be what the download adds to a process in its steady state.
 */
async function settleHeap(): Promise<number> {
  const started = performance.now();
  while (youngGenerationMiB() > 8 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 250));
  globalThis.gc?.();
  return (performance.now() - started) / 1000;
}

/** Where the FTP server runs: in the measured process (the setting) or in a child process. */
export type ServerPlace = 'in-process' | 'child';

interface BenchServer {
  host: string;
  port: number;
  user: string;
  password: string;
  root: string;
  stop(): Promise<void>;
}

/** ftp-server-child.ts in its own process: what the SDK and the virtual modem add, without ftp-srv's buffers. */
async function childServer(): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(here, 'ftp-server-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const info = JSON.parse(line) as Omit<BenchServer, 'stop'>;
  return {
    ...info,
    stop: async () => {
      child.stdin!.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

export async function runMemoryBench(model: 'EC25' | 'SIM7080G', mib = 100, place: ServerPlace = 'in-process'): Promise<MemoryResult> {
  const server: BenchServer = place === 'child' ? await childServer() : await startTestFtpServer();
  const expected = await writePattern(join(server.root, 'big.bin'), mib);
  const vm = await startVirtualModem({ model, link: 'memory', baudRate: BAUD });
  const modem = await openModem({ transport: vm.transport!, drivers: [quectel(), simcom()] });
  try {
    await modem.connect({ apn: 'internet' });
    const ftp = await modem.ftp({ host: server.host, port: server.port, user: server.user, password: server.password });
    const hash = createHash('sha256');
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _e, cb) {
        hash.update(chunk);
        cb();
      },
    });
    const settleSeconds = await settleHeap();
    const baseline = rssMiB();
    const baselineYoungMiB = youngGenerationMiB();
    let peak = baseline;
    let atPeak = process.memoryUsage();
    const sample = (): void => {
      const now = process.memoryUsage();
      if (now.rss / MiB > peak) {
        peak = now.rss / MiB;
        atPeak = now;
      }
    };
    const sampler = setInterval(sample, 50);
    const started = performance.now();
    const { bytes } = await ftp.downloadTo(sink, 'big.bin');
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    sample();
    await ftp.close();
    const added = peak - baseline;
    return {
      model,
      ftpServer: place,
      mib,
      baud: BAUD,
      seconds,
      efficiency: bytes / (seconds * (BAUD / 10)),
      baselineRssMiB: Math.round(baseline),
      settleSeconds: Math.round(settleSeconds * 10) / 10,
      baselineYoungGenMiB: Math.round(baselineYoungMiB),
      peakRssMiB: Math.round(peak),
      addedRssMiB: Math.round(added * 10) / 10,
      peakHeapUsedMiB: Math.round(atPeak.heapUsed / MiB),
      peakArrayBuffersMiB: Math.round(atPeak.arrayBuffers / MiB),
      target: 30,
      met: added < 30 && bytes === mib * MiB,
      sha256Match: hash.digest('hex') === expected,
    };
  } finally {
    await modem.close();
    await vm.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const model = (process.argv[2] ?? 'EC25') as 'EC25' | 'SIM7080G';
  const result = await runMemoryBench(model, Number(process.argv[3] ?? 100), process.argv[4] === 'child' ? 'child' : 'in-process');
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
