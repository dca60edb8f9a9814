import type { Observable, Subscription } from 'rxjs';
import type { AtEngine } from '../../engine/at-engine.js';
import { escapeSequence } from '../../engine/data-helpers.js';
import { AtAbortedError, AtCommandError, AtTimeoutError } from '../../errors/engine-errors.js';
import { FtpError } from '../../errors/ftp-error.js';
import { delay } from '../../driver-kit/delay.js';
import { isUnsolicited } from '../unsolicited.js';

/**
 * The slowest documented boot: EC2x modules on a UART are reported silent for
 * more than 10 s after power-on before `RDY` (a BG96 about 3 s after a reset).
 */
export const DEFAULT_READY_TIMEOUT_MS = 20_000;

/** How long one `AT` probe waits; a module in command mode answers in milliseconds. */
const PROBE_MS = 500;
/** Probes after the `+++` of the last resort, before giving up. */
const PROBES_AFTER_ESCAPE = 3;
/** How long the `+++` waits for its `OK` (1 s trailing guard, then the answer). */
const ESCAPE_ANSWER_MS = 3000;
/** Unanswered probes in a row with foreign bytes that count as "this module is in data mode". */
const DATA_MODE_EVIDENCE = 2;

/** Options of {@link synchronise}. */
export interface SynchroniseOptions {
  /** How long a module that is still booting is waited for; default {@link DEFAULT_READY_TIMEOUT_MS}. */
  readonly readyTimeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
  /** The transport's raw bytes, so the error can say whether anything came back at all. */
  readonly received$?: Observable<Uint8Array>;
  /** Starts the error message, e.g. `openModem`. */
  readonly context?: string;
}

/**
 * Gets the module's attention at power-on or later: `AT` until `OK`.
 *
 * A module that is booting is silent (or prints only start-up lines such as
 * `RDY`, `+CFUN: 1`) for seconds, and a `+++` pushed into it is at best lost
 * and at worst mistaken for input. So the port is probed with `AT` for up to
 * `readyTimeoutMs`; start-up lines go to `urc$` and count as "booting, in
 * command mode". `+++` is written only on evidence: when unanswered probes in
 * a row see bytes that are not start-up lines (a module left streaming in data
 * mode by a previous program), or, once, after the ready timeout (a module left
 * in a silent upload data phase cannot be told from a booting one any sooner).
 * Every wait runs on the engine's scheduler. A port that never answers fails
 * with `TIMEOUT`, saying what was waited and whether any byte came back.
 */
export async function synchronise(engine: AtEngine, options: SynchroniseOptions = {}): Promise<void> {
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const { signal } = options;
  const seen = new Evidence(engine, options.received$);
  const started = engine.scheduler.now();
  let probes = 0;
  let escapedAfter: number | undefined;
  try {
    for (;;) {
      probes++;
      try {
        await engine.run({ text: 'AT', timeoutMs: PROBE_MS }, { signal });
        return;
      } catch (error) {
        if (error instanceof AtAbortedError || !(error instanceof AtTimeoutError || error instanceof AtCommandError)) throw error;
        // ERROR comes at once from a module in command mode (a half line before): do not spin on it.
        if (error instanceof AtCommandError) await delay(engine.scheduler, PROBE_MS, signal, 'AT');
      }
      seen.endProbe();
      const timedOut = engine.scheduler.now() - started >= readyTimeoutMs;
      if (escapedAfter === undefined && (timedOut || seen.foreignProbes >= DATA_MODE_EVIDENCE)) {
        escapedAfter = probes;
        // A module in data mode answers OK one guard time after +++; waiting longer only delays the verdict.
        await engine.run({ ...escapeSequence(1000), timeoutMs: ESCAPE_ANSWER_MS }, { signal }).catch((error: unknown) => {
          if (error instanceof AtAbortedError) throw error;
        });
        continue;
      }
      if (escapedAfter !== undefined && timedOut && probes - escapedAfter >= PROBES_AFTER_ESCAPE) {
        const context = options.context ?? 'synchronise';
        throw new FtpError('TIMEOUT', `${context}: ${seen.describe(readyTimeoutMs, probes, escapedAfter)}`, { command: 'AT' });
      }
    }
  } finally {
    seen.dispose();
  }
}

/** What came back while probing: bytes at all, start-up lines, foreign bytes per probe. */
class Evidence {
  bytes = 0;
  /** Unanswered probes in a row that saw bytes other than start-up lines. */
  foreignProbes = 0;
  #foreignNow = false;
  #bootNow = false;
  #lines: string[] = [];
  readonly #subscriptions: Subscription[] = [];

  constructor(engine: AtEngine, received$: Observable<Uint8Array> | undefined) {
    this.#subscriptions.push(
      engine.trace$.subscribe((event) => {
        if (event.dir !== 'rx') return;
        if (!received$) this.bytes += event.bytes;
        if (event.kind === 'urc' || event.kind === 'line' || event.kind === 'echo') this.#remember(event.text);
        // A module in command mode answers, echoes or prints start-up lines; anything else hints at data mode.
        if (event.kind === 'urc' && isUnsolicited(event.text)) this.#bootNow = true;
        else if (event.kind !== 'line' && event.kind !== 'echo') this.#foreignNow = true;
      }),
    );
    if (received$) this.#subscriptions.push(received$.subscribe((chunk) => (this.bytes += chunk.length)));
  }

  /** Called after each unanswered probe. */
  endProbe(): void {
    this.foreignProbes = this.#foreignNow && !this.#bootNow ? this.foreignProbes + 1 : 0;
    this.#foreignNow = false;
    this.#bootNow = false;
  }

  describe(readyTimeoutMs: number, probes: number, escapedAfter: number): string {
    const waited =
      `no answer to AT within the ready timeout of ${readyTimeoutMs} ms ` +
      `(${escapedAfter} probes, a +++ escape, then ${probes - escapedAfter} more)`;
    const back =
      this.bytes === 0
        ? 'and not a single byte came back'
        : `; ${this.bytes} bytes came back but never OK${this.#lines.length > 0 ? ` (last lines ${JSON.stringify(this.#lines)})` : ''}`;
    return `${waited} ${back}: is this the module's AT port, powered, at the right baud rate?`;
  }

  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
  }

  #remember(text: string): void {
    this.#lines.push(text.slice(0, 40));
    if (this.#lines.length > 3) this.#lines.shift();
  }
}
