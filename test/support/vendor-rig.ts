import { createHash } from 'node:crypto';
import { fieldOptions } from './field.js';
import { openModem, type ByteTransport, type FtpOptions, type FtpSession, type Modem, type ModemDriver, type TraceEvent } from '@cellftp/core';
import { traceTransport } from '@cellftp/core/testing';
import { seededRandom, startVirtualModem, virtualModel, virtualModelNames, type FaultPlan, type VirtualModelName, type VirtualModem } from '@cellftp/emulator';

export { seededRandom };
import { quectel, type QuectelDriverOptions } from '@cellftp/quectel';
import { CFTPS_PROFILES, simcom, type SimcomDriverOptions } from '@cellftp/simcom';
import { ublox, type UbloxDriverOptions } from '@cellftp/ublox';

/** The real drivers, each against its virtual modules (the deep suites run on `VENDORS`). */
export type Vendor = 'quectel' | 'simcom' | 'ublox';
export const VENDORS: readonly Vendor[] = ['quectel', 'simcom'];

/** Where the rig's FTP sessions go (a real server, or a proxy in front of one). */
export interface FtpTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface VendorRigOptions {
  vendor: Vendor;
  /** The registered model to run (default: the vendor's first one, {@link modelOf}). */
  model?: VirtualModelName;
  target: FtpTarget;
  /** Per-operation timeout of every session the rig opens. Default 2000 ms. */
  timeoutMs?: number;
  faults?: FaultPlan;
  quectel?: QuectelDriverOptions;
  simcom?: SimcomDriverOptions;
  ublox?: UbloxDriverOptions;
  /** Keep every trace event (default true). */
  trace?: boolean;
  /** Pace the memory link at this line rate (default: the emulator's). */
  baudRate?: number;
  /** Firmware variants of the model (`virtualModelVariants`). */
  variants?: string[];
}

/**
 * A virtual modem (memory link) opened with its real driver and its data
 * context active. `vm` and `modem` change after {@link VendorRig.powerCycle}.
 */
export interface VendorRig {
  readonly vendor: Vendor;
  /** The command set of the model the rig runs. */
  readonly dialect: Dialect;
  vm: VirtualModem;
  modem: Modem;
  readonly target: FtpTarget;
  readonly timeoutMs: number;
  /** Every trace event of every modem this rig opened (secrets already redacted by the engine). */
  readonly trace: TraceEvent[];
  /** Every byte the host wrote to the transport, unredacted. */
  readonly written: Buffer[];
  /** Command lines (`AT…\r`) written so far to the current modem: what the emulator's command counters see. */
  commandCount(): number;
  /**
   * Calls `then(count)` when the host writes a command matching `pattern` for
   * the `nth` time (default 1), `count` being that command's number on the
   * current modem: arms an emulator fault at an exact point of a flow.
   */
  armOn(pattern: RegExp, then: (count: number) => void, nth?: number): void;
  /** Options for `modem.ftp()` against the rig's target. */
  ftpOptions(extra?: Partial<FtpOptions>): FtpOptions;
  ftp(extra?: Partial<FtpOptions>): Promise<FtpSession>;
  /** The module was power-cycled: a fresh virtual modem, opened and connected again (faults cleared). */
  powerCycle(): Promise<void>;
  close(): Promise<void>;
}

export function driverFor(vendor: Vendor, options: { quectel?: QuectelDriverOptions; simcom?: SimcomDriverOptions; ublox?: UbloxDriverOptions } = {}): ModemDriver {
  return vendor === 'quectel' ? quectel(options.quectel) : vendor === 'ublox' ? ublox(options.ublox) : simcom(options.simcom);
}

/** The registered virtual model a vendor's driver is tested against (the first one of that vendor). */
export function modelOf(vendor: Vendor): VirtualModelName {
  const model = virtualModelNames().find((name) => virtualModel(name).vendor === vendor);
  if (!model) throw new Error(`no virtual model speaks the ${vendor} dialect`);
  return model;
}

/**
 * The command set a model speaks: its vendor's, except SIMCom's LTE families,
 * whose AT+CFTPS* set shares nothing with the SIM70x0's AT+FTP* (recognised
 * by the simcom driver's own profile table, not by name here).
 */
export type Dialect = Vendor | 'simcom-cftps';

export function dialectOf(model: VirtualModelName): Dialect {
  const vendor = virtualModel(model).vendor as Vendor;
  return vendor === 'simcom' && CFTPS_PROFILES.some((p) => p.models.test(model)) ? 'simcom-cftps' : vendor;
}

/** Every registered model with the vendor whose driver speaks it: the fault matrix runs on each. */
export function modelTargets(): Array<{ vendor: Vendor; model: VirtualModelName; dialect: Dialect }> {
  return virtualModelNames().map((model) => ({ model, vendor: virtualModel(model).vendor as Vendor, dialect: dialectOf(model) }));
}

/**
 * Every registered model whose vendor has a driver in this rig, `first` being
 * the model {@link modelOf} picks: the reliability suites run deep (many
 * seeds) on it and shorter on the others.
 */
export function rigModels(): Array<{ vendor: Vendor; model: VirtualModelName; dialect: Dialect; first: boolean }> {
  return modelTargets()
    .filter((t) => VENDORS.includes(t.vendor))
    .map((t) => ({ ...t, first: t.model === modelOf(t.vendor) }));
}

export async function startVendorRig(options: VendorRigOptions): Promise<VendorRig> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const trace: TraceEvent[] = [];
  const written: Buffer[] = [];
  let commands = 0;
  let arms: Array<{ pattern: RegExp; then: (count: number) => void; left: number }> = [];
  const keepTrace = options.trace ?? true;

  let boots = 0;
  const boot = async (faults: FaultPlan): Promise<{ vm: VirtualModem; modem: Modem }> => {
    const vm = await startVirtualModem({
      model: options.model ?? modelOf(options.vendor),
      link: 'memory',
      faults,
      ...(options.baudRate !== undefined ? { baudRate: options.baudRate } : {}),
      ...(options.variants ? { variants: options.variants } : {}),
      ...(options.vendor === 'quectel' ? { timing: { asyncCloseMs: 50, busyAfterDataFailureMs: 300 } } : {}),
      ...fieldOptions(++boots),
    });
    commands = 0;
    const transport = traceTransport(vm.transport as ByteTransport, { only: 'tx', maxRecords: 0, onRecord: (record) => {
      const bytes = Buffer.from(record.bytes);
      written.push(bytes);
      // Commands go out as one write each ending in CR; payload writes are not commands.
      const text = bytes.toString('latin1');
      if (!/^AT/i.test(text) || bytes[bytes.length - 1] !== 0x0d) return;
      commands++;
      for (const arm of arms) if (arm.pattern.test(text) && --arm.left === 0) arm.then(commands);
      arms = arms.filter((a) => a.left > 0);
    } });
    const modem = await openModem({
      transport,
      drivers: [driverFor(options.vendor, options)],
      trace: keepTrace ? (e) => void trace.push(e) : undefined,
    });
    await modem.connect({ apn: 'internet' });
    return { vm, modem };
  };

  let current = await boot(options.faults ?? {});
  const rig: VendorRig = {
    vendor: options.vendor,
    dialect: dialectOf(options.model ?? modelOf(options.vendor)),
    vm: current.vm,
    modem: current.modem,
    target: options.target,
    timeoutMs,
    trace,
    written,
    commandCount: () => commands,
    armOn: (pattern, then, nth = 1) => void arms.push({ pattern, then, left: nth }),
    ftpOptions: (extra = {}) => ({
      host: options.target.host,
      port: options.target.port,
      user: options.target.user,
      password: options.target.password,
      timeoutMs,
      ...extra,
    }),
    ftp: (extra = {}) => rig.modem.ftp(rig.ftpOptions(extra)),
    powerCycle: async () => {
      await rig.modem.close();
      await rig.vm.close();
      arms = [];
      current = await boot({});
      rig.vm = current.vm;
      rig.modem = current.modem;
    },
    close: async () => {
      await rig.modem.close();
      await rig.vm.close();
    },
  };
  return rig;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic pseudo-random bytes (mulberry32), so a failing seed reproduces. */
export function seededBytes(length: number, seed: number): Buffer {
  const next = seededRandom(seed);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}


/** Settles `p` into the error it rejected with (or fails when it resolved). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}
