/**
 * Everything the virtual SIM7080G writes to the host goes through here, so that
 * the line format (`\r\n<text>\r\n`, V.25ter verbose mode), `AT+CMEE` and the
 * output faults (dropped/delayed URCs, injected lines and garbage, silence)
 * live in one place.
 */
import type { FaultPlan } from '../faults.js';
import type { Clock } from '../links/clock.js';
import type { ModemIo } from '../model/types.js';
import { seededRandom } from '../common/prng.js';

/** Why a command failed, for `+CME ERROR` numbering when AT+CMEE is 1 or 2. */
export type CmeReason = 'parameter' | 'state';

const CME: Record<CmeReason, { code: number; text: string }> = {
  // 3GPP TS 27.007 §9.2 numbers that SIMCom uses for these two cases.
  state: { code: 3, text: 'operation not allowed' },
  parameter: { code: 50, text: 'Incorrect parameters' },
};

export class Output {
  /** AT+CMEE mode: 0 plain ERROR, 1 numeric, 2 verbose. */
  cmee = 0;
  /** Set by the "modem goes silent" fault: nothing leaves the modem any more. */
  silent = false;
  readonly #io: ModemIo;
  readonly #faults: () => FaultPlan;
  readonly #clock: Clock;
  #lineRandom: (() => number) | undefined;
  #garbageRandom: (() => number) | undefined;
  readonly #timers = new Set<unknown>();

  constructor(io: ModemIo, faults: () => FaultPlan, clock: Clock) {
    this.#io = io;
    this.#faults = faults;
    this.#clock = clock;
  }

  /** Raw bytes (payloads, echo); never touched by injection. */
  raw(bytes: Uint8Array | string): void {
    if (!this.silent) this.#io.send(bytes);
  }

  /** Resolves once everything sent so far has left the (paced) line. */
  flushed(): Promise<void> {
    return this.#io.flushed();
  }

  /** One information or result line of a command response. */
  line(text: string): void {
    this.raw(`\r\n${text}\r\n`);
  }

  ok(): void {
    this.line('OK');
  }

  /** `ERROR`, or `+CME ERROR: …` when AT+CMEE enables it. Unknown commands always get plain ERROR. */
  error(reason?: CmeReason): void {
    if (reason === undefined || this.cmee === 0) return this.line('ERROR');
    const cme = CME[reason];
    this.line(`+CME ERROR: ${this.cmee === 1 ? cme.code : cme.text}`);
  }

  /** An unsolicited result line, subject to the drop/delay faults. */
  urc(text: string): void {
    const faults = this.#faults();
    if (faults.dropUrc && text.startsWith(faults.dropUrc.prefix)) return;
    const delay = faults.delayUrc;
    if (delay && text.startsWith(delay.prefix) && delay.ms > 0) {
      const handle = this.#clock.setTimeout(() => {
        this.#timers.delete(handle);
        this.boundary();
        this.line(text);
      }, delay.ms);
      this.#timers.add(handle);
      return;
    }
    this.boundary();
    this.line(text);
  }

  /**
   * A point between two frames where a real line could carry noise: injected
   * unsolicited lines and garbage land here, never inside a response or payload.
   */
  boundary(): void {
    const faults = this.#faults();
    const inject = faults.injectLines;
    if (inject && inject.lines.length > 0) {
      this.#lineRandom ??= seededRandom(inject.seed);
      if (this.#lineRandom() < inject.probability) {
        const pick = inject.lines[Math.floor(this.#lineRandom() * inject.lines.length)];
        if (pick !== undefined) this.line(pick);
      }
    }
    const garbage = faults.injectGarbage;
    if (garbage) {
      this.#garbageRandom ??= seededRandom(garbage.seed);
      const random = this.#garbageRandom;
      if (random() < garbage.probability) {
        const length = 1 + Math.floor(random() * 8);
        // CR and LF are left out so that noise never forges a line ending.
        const bytes = Array.from({ length }, () => {
          const b = Math.floor(random() * 256);
          return b === 0x0d || b === 0x0a ? 0xff : b;
        });
        this.raw(Uint8Array.from(bytes));
      }
    }
  }

  /** Cancels delayed URCs (reboot, close). */
  cancelPending(): void {
    for (const handle of this.#timers) this.#clock.clearTimeout(handle);
    this.#timers.clear();
  }
}
