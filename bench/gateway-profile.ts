/**
 * Summarises a `.cpuprofile` (from `node --cpu-prof` or the gateway bench's
 * CELLFTP_BENCH_CPU_PROF): the functions and files with the most self time,
 * as % of samples.
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
const show = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title} (${total} samples)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
};
show('self time by function', fn);
show('self time by file', byFile);
