import type { ByteTransport } from '@cellftp/core';
import { createEc25Model } from './ec25/model.js';
import type { FaultPlan } from './faults.js';
import { openMemoryLink } from './links/memory.js';
import { openPtyLink } from './links/pty.js';
import { openTcpLink } from './links/tcp.js';
import type { ModemLink } from './links/types.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from './model/types.js';
import { createSim7080Model } from './sim7080/index.js';

/** Options for {@link startVirtualModem}. */
export interface VirtualModemOptions {
  /** Which module to emulate. */
  model: 'EC25' | 'SIM7080G';
  /** How the host reaches it: a pty device path, an in-memory transport, or a loopback TCP port. Default `'memory'`. */
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

type ModelFactory = (io: ModemIo, options: ModelOptions) => VirtualModemModel;

/**
 * Starts a virtual modem that speaks the vendor's AT dialect and does real
 * FTP/FTPS behind it.
 *
 * @example
 * const vm = await startVirtualModem({ model: 'EC25', link: 'pty', baudRate: 115200 });
 * const modem = await openModem({ path: vm.path, drivers: [quectel()] });
 * // ...
 * await vm.close();
 */
export async function startVirtualModem(options: VirtualModemOptions): Promise<VirtualModem> {
  const factory: ModelFactory = options.model === 'EC25' ? createEc25Model : createSim7080Model;
  const faults: FaultPlan = options.faults ?? {};
  const linkOptions = options.baudRate !== undefined ? { baudRate: options.baudRate } : {};
  const kind = options.link ?? 'memory';
  let link: ModemLink;
  if (kind === 'pty') link = await openPtyLink(linkOptions);
  else if (kind === 'tcp') link = await openTcpLink({ ...linkOptions, ...(options.port !== undefined ? { port: options.port } : {}) });
  else link = openMemoryLink(linkOptions);
  const modelOptions: ModelOptions = {
    latencyMs: options.latencyMs ?? 0,
    faults,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  };
  const model = factory(link.io, modelOptions);
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
  // Memory: after the caller has subscribed to the host end (it does so right after this resolves), or
  // at its first command if that comes sooner: a host whose exchange runs on promises alone can finish
  // a whole session before an immediate fires.
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
