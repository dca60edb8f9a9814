import type { FaultPlan } from '../faults.js';
import type { ModemIo } from '../model/types.js';
import { seededRandom } from './prng.js';

/**
 * Everything a model writes to the host in command mode: information lines,
 * final result codes, URCs and data-mode bytes. V.250 framing with verbose
 * result codes: each line is `<CR><LF>text<CR><LF>`.
 *
 * The injection faults (garbage, unsolicited lines, delayed or dropped URCs)
 * are applied here, never inside data-mode payload.
 */
export class AtOutput {
  /** `AT+CMEE` mode: 0 `ERROR`, 1 numeric `+CME ERROR: <n>`, 2 verbose. */
  cmee = 1;
  /** Set while the model is silent (fault): nothing is written. */
  muted = false;
  readonly #io: ModemIo;
  readonly #faults: () => FaultPlan;
  readonly #errorText: (code: number) => string | undefined;
  #linesRandom: (() => number) | undefined;
  #garbageRandom: (() => number) | undefined;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(io: ModemIo, faults: () => FaultPlan, errorText: (code: number) => string | undefined = () => undefined) {
    this.#io = io;
    this.#faults = faults;
    this.#errorText = errorText;
  }

  /** Raw bytes (data mode, echo). */
  raw(bytes: Uint8Array | string): void {
    if (!this.muted) this.#io.send(bytes);
  }

  /** Resolves when everything written has left the line (or at most `keep` bytes still wait for it). */
  flushed(keep = 0): Promise<void> {
    return this.#io.flushed(keep);
  }

  /** Information lines followed by a final result code, as one response. */
  respond(lines: string[], final = 'OK'): void {
    this.#maybeInject();
    const info = lines.length > 0 ? `\r\n${lines.join('\r\n')}\r\n` : '';
    this.raw(`${info}\r\n${final}\r\n`);
  }

  ok(): void {
    this.respond([]);
  }

  error(): void {
    this.respond([], 'ERROR');
  }

  /** `+CME ERROR: <code>` honouring `AT+CMEE`. */
  cmeError(code: number): void {
    if (this.cmee === 0) return this.error();
    const text = this.cmee === 2 ? this.#errorText(code) : undefined;
    this.respond([], `+CME ERROR: ${text ?? code}`);
  }

  /** One framed line with no final result code (e.g. `CONNECT`). */
  line(text: string): void {
    this.raw(`\r\n${text}\r\n`);
  }

  /** An unsolicited result code, subject to the delay/drop faults. */
  urc(text: string): void {
    const faults = this.#faults();
    if (faults.dropUrc && text.startsWith(faults.dropUrc.prefix)) return;
    if (faults.delayUrc && text.startsWith(faults.delayUrc.prefix)) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.line(text);
      }, faults.delayUrc.ms);
      this.#timers.add(timer);
      return;
    }
    this.#maybeInject();
    this.line(text);
  }

  /** Cancels delayed URCs (reboot, close). */
  cancelPending(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #maybeInject(): void {
    const faults = this.#faults();
    if (faults.injectLines) {
      const random = (this.#linesRandom ??= seededRandom(faults.injectLines.seed));
      const { lines, probability } = faults.injectLines;
      if (lines.length > 0 && random() < probability) {
        this.line(lines[Math.floor(random() * lines.length)] as string);
      }
    }
    if (faults.injectGarbage) {
      const random = (this.#garbageRandom ??= seededRandom(faults.injectGarbage.seed));
      if (random() < faults.injectGarbage.probability) {
        const n = 1 + Math.floor(random() * 8);
        const bytes = Buffer.alloc(n);
        for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
        this.raw(bytes);
      }
    }
  }
}
