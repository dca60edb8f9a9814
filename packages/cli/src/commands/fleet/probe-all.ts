import { findModems, type FoundModem } from '@cellftp/core';
import { renderTable } from '../../output/table.js';
import { allDrivers } from '../../session.js';
import { runGuarded, type CommandHost } from '../define.js';

/** Options `probe --all` reads (a subset of the probe command's). */
export interface ProbeAllOptions {
  json: boolean;
  baud: number;
  ports?: string;
}

/**
 * `cellftp probe --all`: every module on this host (USB listing + bounded AT
 * probe), or only the `--ports` given, with IMEI, interfaces and skip reasons.
 */
export async function runProbeAll(host: CommandHost, options: ProbeAllOptions): Promise<void> {
  await runGuarded(host, 'probe', options.json, async () => {
    const paths = options.ports?.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    const found = await findModems({ drivers: allDrivers(), baudRate: options.baud, signal: host.ctx.signal, ...(paths ? { paths } : {}) });
    return { json: { modems: found }, text: probeTable(found) };
  });
}

/** The human form: one row per module or skipped port. */
export function probeTable(found: readonly FoundModem[]): string {
  if (found.length === 0) return 'no modem found (no serial port of a supported USB module; give --ports to probe others)';
  const rows = found.map((f) => [
    f.path,
    f.vendor ?? '-',
    f.model ?? '-',
    f.imei ?? '-',
    f.interfaces
      .filter((i) => i.path !== f.path)
      .map((i) => `${i.path}=${i.role}`)
      .join(' ') || '-',
    f.skipped ? `skipped: ${f.skipped}` : 'ok',
  ]);
  return renderTable(['port', 'vendor', 'model', 'IMEI', 'other interfaces', 'status'], rows);
}
