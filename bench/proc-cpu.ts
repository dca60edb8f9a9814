/**
 * CPU time from Linux /proc, for the gateway bench: per thread kind of this
 * process, and of other processes (the virtual modems and their socat). On
 * other systems every figure is empty or 0.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime + stime (ms) and the parent pid from a /proc stat line. */
function stat(path: string): { ms: number; ppid: number; name: string } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS, ppid: Number(fields[1]), name };
  } catch {
    return undefined;
  }
}

/** CPU ms per thread kind of this process: main JS thread, libuv pool and V8 workers ("node"), others. */
export function threadCpuMs(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const s = stat(`/proc/self/task/${tid}/stat`);
      if (!s) continue;
      const kind = tid === String(process.pid) ? 'main' : s.name.replace(/\d+$/, '').trim() || 'other';
      out[kind] = (out[kind] ?? 0) + s.ms;
    }
  } catch {
    // Not Linux: no per-thread figures.
  }
  return out;
}

/** CPU ms of each process given and of all their descendants, summed per command name (e.g. node, socat). */
export function treeCpuMs(roots: readonly number[]): Record<string, number> {
  const procs: Array<{ pid: number; ppid: number; ms: number; name: string }> = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = stat(`/proc/${entry}/stat`);
      if (s) procs.push({ pid: Number(entry), ...s });
    }
  } catch {
    return {};
  }
  const inTree = new Set(roots);
  // Parents come before children often but not always: repeat until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const p of procs) if (!inTree.has(p.pid) && inTree.has(p.ppid)) added = inTree.add(p.pid) !== undefined;
  }
  const out: Record<string, number> = {};
  for (const p of procs) if (inTree.has(p.pid)) out[p.name] = (out[p.name] ?? 0) + p.ms;
  return out;
}

/** `after - before` per key, rounded to ms. */
export function diffCpu(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, Math.round(v - (before[k] ?? 0))]));
}
