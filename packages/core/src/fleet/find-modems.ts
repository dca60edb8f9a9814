import type { ModemDriver } from '../modem/types.js';
import { candidatesFrom, listSerialPorts, type CandidatePort, type ListedPort } from './port-list.js';
import { probePort, type ProbeOutcome } from './probe-port.js';
import type { InterfaceRole } from './usb-ids.js';

/** One serial interface of a found module. */
export interface ModemInterface {
  readonly path: string;
  readonly interfaceNumber?: number;
  /** From the USB table; `at` for the port that answered the probe. */
  readonly role: InterfaceRole | 'unknown';
}

/** One entry of {@link findModems}' result: a confirmed module, or a port that was skipped. */
export interface FoundModem {
  /** The AT port (what `openModem`/`openModems` take). */
  readonly path: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly manufacturer?: string;
  readonly revision?: string;
  readonly imei?: string;
  /** USB VID:PID when the port is a listed USB device. */
  readonly usb?: { readonly vendorId: string; readonly productId: string; readonly family: string };
  /** Every interface of the module: AT, modem, NMEA, diag, … */
  readonly interfaces: readonly ModemInterface[];
  /** Set when this port is not a usable module, with the reason (busy, no answer, unknown module). */
  readonly skipped?: string;
}

/** Options of {@link findModems}. */
export interface FindModemsOptions {
  readonly drivers: readonly ModemDriver[];
  /** Probe only these paths (ptys of virtual modems, a known rack), skipping the USB listing. */
  readonly paths?: readonly string[];
  readonly baudRate?: number;
  /** Per-port probe bound; default 4000 ms. */
  readonly probeTimeoutMs?: number;
  /** How many ports are probed at once; default 8. */
  readonly concurrency?: number;
  /** Replaces serialport's listing (tests, or a platform-specific lister). */
  readonly listPorts?: () => Promise<readonly ListedPort[]>;
  readonly signal?: AbortSignal;
}

/**
 * Finds the cellular modules on this host: lists serial ports through
 * serialport, keeps the USB devices of the supported families, and confirms
 * each AT candidate with a short, bounded AT probe (exclusive lock: a port
 * another process holds is reported as skipped, never disturbed).
 *
 * @example
 * const found = await findModems({ drivers: [quectel(), simcom()] });
 * const usable = found.filter((m) => !m.skipped).map((m) => m.path);
 */
export async function findModems(options: FindModemsOptions): Promise<FoundModem[]> {
  const candidates: CandidatePort[] = options.paths
    ? options.paths.map((path) => ({ path, deviceKey: path }))
    : candidatesFrom(await (options.listPorts ?? listSerialPorts)());
  const groups = new Map<string, CandidatePort[]>();
  for (const c of candidates) groups.set(c.deviceKey, [...(groups.get(c.deviceKey) ?? []), c]);
  // Per module: probe the AT interface (or every port whose role is unknown); NMEA/diag ports are never opened.
  const toProbe = candidates.filter((c) => c.role === undefined || c.role === 'at');
  const outcomes = await mapLimited(toProbe, options.concurrency ?? 8, (c) =>
    probePort(c.path, {
      drivers: options.drivers,
      ...(options.baudRate === undefined ? {} : { baudRate: options.baudRate }),
      ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  return toProbe.map((c, i) => describe(c, outcomes[i] as ProbeOutcome, groups.get(c.deviceKey) ?? [c]));
}

function describe(port: CandidatePort, outcome: ProbeOutcome, group: readonly CandidatePort[]): FoundModem {
  const interfaces: ModemInterface[] = group.map((g) => ({
    path: g.path,
    ...(g.interfaceNumber === undefined ? {} : { interfaceNumber: g.interfaceNumber }),
    role: g.path === port.path && outcome.ok ? 'at' : (g.role ?? 'unknown'),
  }));
  const usb = port.entry ? { usb: { vendorId: port.entry.vendorId, productId: port.entry.productId, family: port.entry.family } } : {};
  if (!outcome.ok) return { path: port.path, ...usb, ...(port.entry ? { vendor: port.entry.vendor } : {}), interfaces, skipped: outcome.reason };
  return {
    path: port.path,
    vendor: outcome.vendor,
    manufacturer: outcome.identity.manufacturer,
    model: outcome.identity.model,
    revision: outcome.identity.revision,
    ...(outcome.imei ? { imei: outcome.imei } : {}),
    ...usb,
    interfaces,
  };
}

/** `Promise.all(items.map(fn))` with at most `limit` running at once, results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), items.length) }, worker));
  return results;
}
