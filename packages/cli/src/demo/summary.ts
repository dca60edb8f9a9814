import { formatBytes, formatRate } from '../output/format.js';
import { renderTable } from '../output/table.js';
import type { RoundTripResult } from './app.js';

/** One modem's line of the closing table. */
export interface DemoRow {
  vendor: string;
  model: string;
  result: RoundTripResult;
}

/** Measured bytes per second over the emulated line's bytes per second (8N1: 10 bits a byte). */
export function efficiency(bytes: number, ms: number, baudRate: number): number {
  return bytes / Math.max(ms / 1000, 0.001) / (baudRate / 10);
}

/** The closing table: vendor, model, bytes up/down, sha256 match, throughput and efficiency each way. */
export function renderSummary(rows: readonly DemoRow[], baudRate: number): string {
  const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
  const body = rows.map(({ vendor, model, result: r }) => [
    vendor,
    model,
    formatBytes(r.bytesUp),
    formatBytes(r.bytesDown),
    r.match ? 'match' : 'MISMATCH',
    formatRate(r.bytesUp / Math.max(r.upMs / 1000, 0.001)),
    formatRate(r.bytesDown / Math.max(r.downMs / 1000, 0.001)),
    pct(efficiency(r.bytesUp, r.upMs, baudRate)),
    pct(efficiency(r.bytesDown, r.downMs, baudRate)),
  ]);
  const header = ['vendor', 'model', 'up', 'down', 'sha256', 'up rate', 'down rate', 'up eff.', 'down eff.'];
  const table = renderTable(header, body, new Set([2, 3, 5, 6, 7, 8]));
  return `${table}\nefficiency = measured throughput / line rate (${baudRate} baud, 8N1 = ${formatRate(baudRate / 10)})`;
}

/** The summary as JSON fields. */
export function summaryJson(rows: readonly DemoRow[], baudRate: number): Array<Record<string, unknown>> {
  return rows.map(({ vendor, model, result: r }) => ({
    vendor,
    model,
    ...r,
    upBytesPerSecond: Math.round(r.bytesUp / Math.max(r.upMs / 1000, 0.001)),
    downBytesPerSecond: Math.round(r.bytesDown / Math.max(r.downMs / 1000, 0.001)),
    upEfficiency: Number(efficiency(r.bytesUp, r.upMs, baudRate).toFixed(3)),
    downEfficiency: Number(efficiency(r.bytesDown, r.downMs, baudRate).toFixed(3)),
  }));
}
