import { FtpError } from '../errors/ftp-error.js';
import type { Modem } from '../modem/types.js';
import type { ByteTransport } from '../transport/types.js';
import { DeadlineError, deadline, within } from './bounded.js';
import type { SerialLine } from './serial-line.js';
import type { TraceRing } from './trace-ring.js';

/** What a fleet job gets. */
export interface FleetJobContext {
  readonly port: string;
  readonly modem: Modem;
  /** Fires on the job's timeout, on the caller's signal and when the fleet closes. */
  readonly signal: AbortSignal;
}

/** A job for one modem. */
export type FleetJob<T> = (context: FleetJobContext) => Promise<T>;

/** Options of {@link FleetMember.run}. */
export interface FleetRunOptions {
  /** The job is aborted and rejects with `TIMEOUT` after this long. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** `open` ready for jobs; `failed` did not open (see `error`); `closed` released. */
export type FleetMemberState = 'open' | 'failed' | 'closed';

/**
 * One modem of a fleet with its own job queue: jobs on this modem run one
 * after another (a module does one thing at a time), jobs on other members
 * never wait for them.
 */
export class FleetMember {
  #tail: Promise<void> = Promise.resolve();
  #state: FleetMemberState;
  readonly #closing = new AbortController();
  readonly #ring: TraceRing;
  readonly #transport: ByteTransport | undefined;
  readonly #line: SerialLine | undefined;

  constructor(
    /** The path (or transport description) this member was opened from: its name in results and traces. */
    readonly port: string,
    /** The opened modem; undefined when opening failed. */
    readonly modem: Modem | undefined,
    /** Why opening failed. */
    readonly error: FtpError | undefined,
    ring: TraceRing,
    transport: ByteTransport | undefined,
    line: SerialLine | undefined,
  ) {
    this.#state = modem ? 'open' : 'failed';
    this.#ring = ring;
    this.#transport = transport;
    this.#line = line;
  }

  get state(): FleetMemberState {
    return this.#state;
  }

  /** This modem's recent trace, oldest first, each line prefixed with the port. */
  trace(): string[] {
    return this.#ring.lines();
  }

  /** Queues `job` on this modem; rejects with `FtpError` (`CLOSED`, `TIMEOUT`, or the job's own). */
  run<T>(job: FleetJob<T>, options: FleetRunOptions = {}): Promise<T> {
    const modem = this.modem;
    if (!modem || this.#state !== 'open') {
      return Promise.reject(this.error ?? new FtpError('CLOSED', `${this.port}: the modem is closed`));
    }
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    return (async () => {
      await previous;
      if (this.#state !== 'open') throw new FtpError('CLOSED', `${this.port}: the modem was closed before this job started`);
      const timeoutMs = options.timeoutMs ?? 2 ** 31 - 1;
      const limit = deadline(timeoutMs, anySignal(options.signal, this.#closing.signal));
      // A job that throws before its first await must still release the queue.
      const running = (async () => job({ port: this.port, modem, signal: limit.signal }))();
      // The queue moves on only once the job itself has settled: the module must be idle for the next one.
      void running.then(release, release);
      try {
        return await Promise.race([running, aborted(limit.signal, this.port, timeoutMs, this.#closing.signal)]);
      } finally {
        limit.clear();
      }
    })();
  }

  /**
   * Aborts running jobs and releases the port: the modem's own close (log-out,
   * engine) gets `timeoutMs`, then the transport is closed regardless, so a
   * stuck modem never keeps its port.
   */
  async close(timeoutMs: number): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#closing.abort(new FtpError('CLOSED', `${this.port}: the fleet was closed`));
    if (this.modem) await within(this.modem.close(), timeoutMs, undefined);
    if (this.#transport) await within(this.#transport.close().catch(() => undefined), timeoutMs, undefined);
    await this.#line?.release(timeoutMs);
  }
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}

/** Rejects when `signal` fires: `TIMEOUT` for the deadline, `CLOSED` when the fleet closed, `ABORTED` otherwise. */
function aborted(signal: AbortSignal, port: string, timeoutMs: number, closing: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    const fire = (): void => {
      if (closing.aborted) reject(new FtpError('CLOSED', `${port}: the fleet was closed while this job ran`));
      else if (signal.reason instanceof DeadlineError) {
        reject(new FtpError('TIMEOUT', `${port}: the job did not finish within ${timeoutMs} ms (the modem stalled?)`));
      } else reject(new FtpError('ABORTED', `${port}: the job was aborted`));
    };
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
}
