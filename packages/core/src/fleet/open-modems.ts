import type { AtEngineOptions } from '../engine/at-engine.js';
import { FtpError } from '../errors/ftp-error.js';
import { openModem } from '../modem/open-modem.js';
import type { Modem, ModemDriver } from '../modem/types.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { ByteTransport } from '../transport/types.js';
import { deadline } from './bounded.js';
import { openSerialLine, type SerialLine } from './serial-line.js';
import { FleetMember, type FleetJob, type FleetRunOptions } from './member.js';
import { TraceRing, type FleetTraceEvent } from './trace-ring.js';

const DEFAULT_BATCH_READS_MS = 20;

/** A modem to open: a serial/pty path, or a named transport (virtual modems in memory, TCP). */
export type FleetTarget = string | { readonly name: string; readonly transport: ByteTransport };

/** Options of {@link openModems}. */
export interface OpenModemsOptions {
  readonly drivers: readonly ModemDriver[];
  /** Default 115200. */
  readonly baudRate?: number;
  readonly rtscts?: boolean;
  /** Skip detection on every member. */
  readonly vendor?: string;
  /** Each modem's open (synchronise, identify, attach) gives up after this; default 30 000 ms. */
  readonly openTimeoutMs?: number;
  /** Every member's trace events, each tagged with its port. */
  readonly trace?: (event: FleetTraceEvent) => void;
  /** How many recent trace events each member keeps for {@link FleetMember.trace}; default 200, 0 for none. */
  readonly traceHistory?: number;
  readonly engine?: AtEngineOptions;
  /**
   * Read serial devices through a libuv tty stream (on the event loop) rather
   * than serialport's thread-pool reads; default true. Set false to use
   * serialport's reader everywhere.
   */
  readonly ttyReads?: boolean;
  /**
   * With tty reads: after a bulk chunk (≥ 256 bytes) a line's reads wait this
   * long so the next wake-up takes what arrived meanwhile, fewer wake-ups per
   * MiB for many modems on one host; default 20 ms, 0 delivers every read at once.
   * Command answers after a quiet line are never held. Keep it well under what
   * the tty buffers (Linux: 4 KiB, about 44 ms at 921600 baud).
   */
  readonly batchReadsMs?: number;
  readonly signal?: AbortSignal;
}

/** One member's outcome of {@link Fleet.each}. */
export type FleetResult<T> =
  | { readonly port: string; readonly ok: true; readonly value: T; readonly durationMs: number }
  | { readonly port: string; readonly ok: false; readonly error: FtpError; readonly durationMs: number };

/** Many modems in one process, each with its own queue and trace. */
export interface Fleet {
  /** Every target, in the order given, opened or failed. */
  readonly members: readonly FleetMember[];
  /** The member opened from `port`. */
  member(port: string): FleetMember | undefined;
  /**
   * Runs `job` on every open member at once and waits for all of them. One
   * member failing, stalling (see `timeoutMs`) or restarting only fails its
   * own result; members that never opened report their open error.
   */
  each<T>(job: FleetJob<T>, options?: FleetRunOptions): Promise<Array<FleetResult<T>>>;
  /** Aborts every job and releases every port; a stuck modem is given `timeoutMs` (default 2000) before its port is closed anyway. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Opens many modems at once. A modem that cannot be opened does not fail the
 * call: its member is `failed` with the reason, and the others are usable.
 *
 * @example
 * const fleet = await openModems(['/dev/ttyUSB2', '/dev/ttyUSB6'], { drivers: [quectel(), simcom()] });
 * const results = await fleet.each(async ({ modem, signal }) => {
 *   await modem.connect({ apn: 'internet', signal });
 *   const ftp = await modem.ftp({ url: 'ftp://u:p@ftp.example.com/' });
 *   try { return await ftp.downloadTo('fw.bin', 'fw.bin', { signal }); } finally { await ftp.close(); }
 * }, { timeoutMs: 600_000 });
 * await fleet.close();
 */
export async function openModems(targets: readonly FleetTarget[], options: OpenModemsOptions): Promise<Fleet> {
  if (options.drivers.length === 0) throw new FtpError('INVALID_ARGUMENT', 'openModems: no drivers given');
  const names = targets.map((t) => (typeof t === 'string' ? t : t.name));
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new FtpError('INVALID_ARGUMENT', `openModems: "${duplicate}" is given twice`);
  const members = await Promise.all(targets.map((t) => openMember(t, options)));
  return fleetOf(members);
}

async function openMember(target: FleetTarget, options: OpenModemsOptions): Promise<FleetMember> {
  const port = typeof target === 'string' ? target : target.name;
  const ring = new TraceRing(port, options.traceHistory ?? 200);
  const userTrace = options.trace;
  const trace =
    ring.capacity > 0 || userTrace
      ? (event: TraceEvent): void => {
          ring.push(event);
          userTrace?.({ ...event, port });
        }
      : undefined;
  const limit = deadline(options.openTimeoutMs ?? 30_000, options.signal);
  let transport: ByteTransport | undefined;
  let line: SerialLine | undefined;
  try {
    if (typeof target === 'string') line = await openSerialLine(target, options.baudRate ?? 115200, options.rtscts ?? false, options.ttyReads ?? true, options.batchReadsMs ?? DEFAULT_BATCH_READS_MS);
    transport = line ? line.transport : (target as Exclude<FleetTarget, string>).transport;
    const modem: Modem = await openModem({
      transport,
      drivers: options.drivers,
      ...(options.vendor ? { vendor: options.vendor } : {}),
      ...(trace ? { trace } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
      signal: limit.signal,
    });
    return new FleetMember(port, modem, undefined, ring, transport, line);
  } catch (error) {
    await transport?.close().catch(() => undefined);
    await line?.release(1000);
    return new FleetMember(port, undefined, asFtpError(error, port, limit.signal.aborted && !options.signal?.aborted), ring, undefined, undefined);
  } finally {
    limit.clear();
  }
}

function asFtpError(error: unknown, port: string, timedOut: boolean): FtpError {
  if (timedOut) return new FtpError('TIMEOUT', `${port}: the modem did not answer in time while opening`, { cause: error });
  if (error instanceof FtpError) return error;
  return new FtpError('MODEM', `${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

function fleetOf(members: readonly FleetMember[]): Fleet {
  return {
    members,
    member: (port) => members.find((m) => m.port === port),
    async each<T>(job: FleetJob<T>, runOptions: FleetRunOptions = {}): Promise<Array<FleetResult<T>>> {
      return Promise.all(
        members.map(async (member): Promise<FleetResult<T>> => {
          const started = performance.now();
          const took = (): number => Math.round(performance.now() - started);
          try {
            const value = await member.run(job, runOptions);
            return { port: member.port, ok: true, value, durationMs: took() };
          } catch (error) {
            return { port: member.port, ok: false, error: asFtpError(error, member.port, false), durationMs: took() };
          }
        }),
      );
    },
    async close({ timeoutMs = 2000 } = {}) {
      await Promise.all(members.map((m) => m.close(timeoutMs)));
    },
  };
}
