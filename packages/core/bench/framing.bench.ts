import { Tokenizer } from '../src/framing/tokenizer.js';
import { lengthAnnouncedBy } from '../src/engine/data-helpers.js';

/** One measured figure of the framing benchmark. */
export interface FramingResult {
  name: string;
  payloadBytes: number;
  wireBytes: number;
  chunkSize: number;
  runs: number;
  bestMBps: number;
  medianMBps: number;
  target: number;
  met: boolean;
}

const FRAME = 1460;

/** 1 MiB of pseudo-random payload as `+FTPGET: 2,1460` frames, each followed by OK and every fourth by a URC. */
function buildWire(payloadBytes: number): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let seed = 12345;
  for (let sent = 0, i = 0; sent < payloadBytes; i++) {
    const n = Math.min(FRAME, payloadBytes - sent);
    const data = new Uint8Array(n);
    for (let j = 0; j < n; j++) data[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    parts.push(enc.encode(`\r\n+FTPGET: 2,${n}\r\n`), data, enc.encode('\r\nOK\r\n'));
    if (i % 4 === 0) parts.push(enc.encode('\r\n+FTPGET: 1,1\r\n\r\n+CEREG: 1,"1A2B","01A2B3C4",7\r\n'));
    sent += n;
  }
  const wire = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    wire.set(p, at);
    at += p.length;
  }
  return wire;
}

/** Measures tokenizer throughput over a 1 MiB file delivered in serial-read-sized chunks. */
export function runFramingBench(runs = 15, chunkSize = 4096): FramingResult {
  const payloadBytes = 1024 * 1024;
  const wire = buildWire(payloadBytes);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < wire.length; i += chunkSize) chunks.push(wire.subarray(i, i + chunkSize));
  const dataAfter = lengthAnnouncedBy('+FTPGET: 2,', 1);
  const rates: number[] = [];
  for (let r = 0; r < runs + 3; r++) {
    const t = new Tokenizer();
    t.expect({ dataAfter });
    let data = 0;
    const start = process.hrtime.bigint();
    for (const chunk of chunks) for (const e of t.feed(chunk)) if (e.type === 'data') data += e.bytes.length;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (data !== payloadBytes) throw new Error(`framing lost bytes: ${data} of ${payloadBytes}`);
    if (r >= 3) rates.push(wire.length / seconds / 1e6);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  return {
    name: 'framing: 1 MiB as +FTPGET: 2,1460 frames with URCs',
    payloadBytes,
    wireBytes: wire.length,
    chunkSize,
    runs,
    bestMBps: Math.round((rates.at(-1) ?? 0) * 10) / 10,
    medianMBps: Math.round(median * 10) / 10,
    target: 200,
    met: median >= 200,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(runFramingBench());
}
