import type { ByteTransport } from '@cellftp/core';
import type { FaultPlan } from './faults.js';
import type { Clock } from './links/clock.js';
import { openMemoryLink } from './links/memory.js';
import { openPtyLink } from './links/pty.js';
import { openTcpLink } from './links/tcp.js';
import type { ModemLink } from './links/types.js';
import type { FieldNoise, ModelOptions } from './model/types.js';
import { virtualModel, type VirtualModelName } from './models.js';

/** Options for {@link startVirtualModem}. */
export interface VirtualModemOptions {
  /** Which module to emulate: one of {@link virtualModelNames}. Anything else is refused with the list. */
  model: VirtualModelName;
  /**
   * How the host reaches it: a pty device path, an in-memory transport, or a loopback TCP port. Default
   * `'memory'`.
   */
  link?: 'pty' | 'memory' | 'tcp';
  /** Paces both directions at `baudRate / 10` bytes per second (8N1). Unpaced when omitted. */
  baudRate?: number;
  /** Delay before each command is answered, in ms. Default 0. */
  latencyMs?: number;
  /** Faults to inject; the returned `faults` object stays live and can be changed during the test. */
  faults?: FaultPlan;
  /** Extra trust for FTPS (e.g. your test server's self-signed CA). */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
  /** tcp link: port to listen on (127.0.0.1); 0 = any free port. */
  port?: number;
  /** Shortened field-behaviour durations for tests (see {@link ModelOptions.timing}). */
  timing?: ModelOptions['timing'];
  /** Time source of the model's timers (tests inject a fake one); the link's pacing keeps real time. */
  clock?: Clock;
  /**
   * Firmware variants by name (see {@link virtualModelVariants}); an unknown name is refused with the list.
   */
  variants?: readonly string[];
  /**
   * Field behaviours: start-up and network lines at seeded-random moments, boot silence (off when omitted).
   */
  field?: FieldNoise;
}

/** A running virtual modem. */
export interface VirtualModem {
  /** pty link: the device path the host opens (e.g. `/dev/pts/7`). */
  path?: string;
  /** memory link: the host end, for `openModem({ transport })`. */
  transport?: ByteTransport;
  /** tcp link: the loopback port. */
  port?: number;
  /** The live fault plan: change it at any time. */
  faults: FaultPlan;
  /** Stops the modem, its FTP sessions and its link. */
  close(): Promise<void>;
}

/**
 * Starts a virtual modem that speaks the vendor's AT dialect and does real FTP/FTPS behind it.
 *
 * @example
 * const vm = await startVirtualModem({ model: 'EC25', link: 'pty', baudRate: 115200 });
 * const modem = await openModem({ path: vm.path, drivers: [quectel()] });
 * // ...
 * await vm.close();
 */
export async function startVirtualModem(options: VirtualModemOptions): Promise<VirtualModem> {
  const spec = virtualModel(options.model);
  for (const variant of options.variants ?? []) {
    if (!Object.hasOwn(spec.variants, variant)) {
      throw new Error(`${spec.name} has no firmware variant "${variant}"; known: ${Object.keys(spec.variants).join(', ')}`);
    }
  }
  if (options.baudRate !== undefined && !(Number.isInteger(options.baudRate) && options.baudRate > 0)) {
    throw new Error(`baudRate must be a positive integer, got ${String(options.baudRate)}`);
  }
  if (options.latencyMs !== undefined && !(Number.isFinite(options.latencyMs) && options.latencyMs >= 0)) {
    throw new Error(`latencyMs must be a number ≥ 0, got ${String(options.latencyMs)}`);
  }
  const faults: FaultPlan = options.faults ?? {};
  const linkOptions = { baudRate: options.baudRate };
  const kind = options.link ?? 'memory';
  let link: ModemLink;
  if (kind === 'pty') link = await openPtyLink(linkOptions);
  else if (kind === 'tcp') link = await openTcpLink({ ...linkOptions, port: options.port });
  else link = openMemoryLink(linkOptions);
  const { tls, timing, clock, field } = options;
  const modelOptions: ModelOptions = { latencyMs: options.latencyMs ?? 0, faults, tls, timing, clock, field, variants: new Set(options.variants ?? []) };
  let model: ReturnType<typeof spec.create>;
  try {
    model = spec.create(link.io, modelOptions);
  } catch (err) {
    // The link may hold a socat child or a listening socket: never leave it behind.
    await link.close();
    throw err;
  }
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    model.start();
  };
  link.onHostBytes = (chunk) => {
    // A module has printed its start-up lines before it can answer anything.
    start();
    model.receive(chunk);
  };
  // A tcp host is not there yet: print the start-up lines when it connects.
  if (kind === 'tcp') link.onHostConnected = start;
  // Memory: after the caller has subscribed to the host end (it does so right after this resolves), or at its
  // first command if that comes sooner: a host whose exchange runs on promises alone can finish a whole
  // session before an immediate fires.
  else setImmediate(start);
  const vm: VirtualModem = {
    faults,
    close: async () => {
      await model.close();
      await link.close();
    },
  };
  if (link.path !== undefined) vm.path = link.path;
  if (link.transport !== undefined) vm.transport = link.transport;
  if (link.port !== undefined) vm.port = link.port;
  return vm;
}
