/**
 * Summarises a `.cpuprofile` (from `node --cpu-prof` or the gateway bench's
 * CELLFTP_BENCH_CPU_PROF): the functions and files with the most self time,
 * as % of all samples and of the busy (non-idle) ones.
 *
 *   node --import tsx bench/gateway-profile.ts /tmp/prof/gateway-16.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const [file, topText] = process.argv.slice(2);
if (!file) throw new Error('usage: gateway-profile.ts <file.cpuprofile> [top]');
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const fn = new Map<string, number>();
const byFile = new Map<string, number>();
for (const id of profile.samples) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|packages\/)/, '').replace(/^file:\/\//, '');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + 1);
  const f = short || functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + 1);
}
const total = profile.samples.length;
// The JS thread idles while the modems' lines are slower than it: shares of the busy samples say where the work goes.
const busy = total - (fn.get('(idle) :0') ?? 0);
const show = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title} (${total} samples, ${busy} busy)`);
  for (const [k, v] of [...m].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * v) / total).toFixed(2).padStart(6)} % of all  ${((100 * v) / Math.max(busy, 1)).toFixed(1).padStart(5)} % of busy  ${k}`);
  }
};
show('self time by function', fn);
show('self time by file', byFile);
