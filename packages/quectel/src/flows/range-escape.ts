import { delay, type AtCommand, type AtEngine } from '@cellftp/core';
import { TIMINGS } from '../vendor.js';

const PLUS = new TextEncoder().encode('+++');

/**
 * Honours the caller's AbortSignal in the middle of a ranged `COM:` download.
 *
 * Ranges are long (every range opens a data connection the module later cuts,
 * wasting up to its TCP window of cellular bytes), so waiting for the range to
 * end would make an abort take minutes. `+++` during a `COM:` download aborts
 * it (field report, reference README): the module answers `OK`, then
 * `+QFTPGET: 616,…`, which the {@link TailGuard} recognises and turns into
 * the range's failure; the bytes before it are kept.
 *
 * It is the QFTPGET command's `outgoing` phase, triggered by `CONNECT`, so the
 * engine writes `+++` only while that command's data phase is still running:
 * nothing else can be on the line then, and a range that ended meanwhile
 * writes nothing.
 */
export class RangeEscape {
  #written = false;
  #end: () => void = () => undefined;
  readonly #ended = new Promise<'ended'>((resolve) => (this.#end = () => resolve('ended')));

  constructor(
    private readonly engine: AtEngine,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** True once `+++` has been written: the range's failure is then the abort. */
  get written(): boolean {
    return this.#written;
  }

  readonly outgoing: NonNullable<AtCommand['outgoing']> = { on: 'CONNECT', data: () => this.#escape() };

  /** The range is over (either way): an escape still waiting is dropped. */
  end(): void {
    this.#end();
  }

  async *#escape(): AsyncGenerator<Uint8Array> {
    const signal = this.signal;
    if (!signal) return;
    // The host has been silent since it wrote the command, which precedes CONNECT.
    const connectedAt = this.engine.scheduler.now();
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<'aborted'>((resolve) => (onAbort = () => resolve('aborted')));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      if ((await Promise.race([aborted, this.#ended])) === 'ended') return;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const wait = TIMINGS.guardMs + TIMINGS.guardSlackMs - (this.engine.scheduler.now() - connectedAt);
    if (wait > 0 && (await Promise.race([delay(this.engine.scheduler, wait).then(() => 'waited' as const), this.#ended])) === 'ended') return;
    this.#written = true;
    yield PLUS;
  }
}
