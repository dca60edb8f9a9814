import { findModems, type FoundModem } from '@cellftp/core';
import { allDrivers } from '../../session.js';
import { usageError } from '../../exit-codes.js';

/** How the fleet commands are told which modems to use. */
export interface FleetPortOptions {
  ports?: string;
  all: boolean;
  baud: number;
}

/** `--ports a,b,c` as given, or with `--all` the AT ports that findModems confirmed. */
export async function fleetPorts(options: FleetPortOptions, signal: AbortSignal): Promise<{ ports: string[]; skipped: FoundModem[] }> {
  if (options.ports && options.all) throw usageError('give --ports or --all, not both');
  if (options.ports) {
    const ports = options.ports.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    if (ports.length === 0) throw usageError('--ports names no port');
    return { ports, skipped: [] };
  }
  if (!options.all) throw usageError('no modems: give --ports <path,path,…> (or CELLFTP_PORTS) or --all');
  const found = await findModems({ drivers: allDrivers(), baudRate: options.baud, signal });
  return { ports: found.filter((f) => !f.skipped).map((f) => f.path), skipped: found.filter((f) => f.skipped) };
}
