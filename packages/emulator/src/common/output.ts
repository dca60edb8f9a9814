import type { FaultPlan } from '../faults.js';
import { systemClock, type Clock } from '../links/clock.js';
import type { ModemIo } from '../model/types.js';
import type { FieldNoiseSource } from './field-noise.js';
import { seededRandom } from './prng.js';
import { TimerSet } from './timers.js';

/** How a dialect frames what {@link AtOutput} writes. */
export interface OutputStyle {
  /** Verbose text for `AT+CMEE=2`. */
  errorText?: (code: number) => string | undefined;
  /** Timers of delayed URCs. */
  clock?: Clock;
  /**
   * Each information line of a response framed on its own (`\r\nA\r\n\r\nB\r\n`, SIMCom's manual) instead of
   * one block (`\r\nA\r\nB\r\n`, Quectel's).
   */
  frameEachLine?: boolean;
  /**
   * Rewrites each information line and URC as a firmware variant prints it (e.g. no space after the colon).
   */
  rewrite?: (text: string) => string;
}

/**
 * Everything a model writes to the host in command mode: information lines, final result codes, URCs and
 * data-mode bytes. V.250 framing with verbose result codes: each line is `<CR><LF>text<CR><LF>`.
 *
 * The injection faults (garbage, unsolicited lines) land only at {@link AtOutput.boundary}: before a command
 * is answered or a URC is sent, never inside a response or a data-mode payload.
 */
export class AtOutput {
  /** `AT+CMEE` mode: 0 `ERROR`, 1 numeric `+CME ERROR: <n>`, 2 verbose. */
  cmee = 1;
  /** Set while the model is silent (fault, boot, power-down): nothing is written. */
  muted = false;
  /** Field behaviours: unsolicited lines before (and between) frames; never right after payload bytes. */
  noise: FieldNoiseSource | undefined;
  #afterPayload = false;
  /** Set by the core while a command is being answered (its handler has not returned yet). */
  inAnswer = false;
  readonly #io: ModemIo;
  readonly #faults: () => FaultPlan;
  readonly #style: OutputStyle;
  #linesRandom: (() => number) | undefined;
  #garbageRandom: (() => number) | undefined;
  readonly #timers: TimerSet;

  constructor(io: ModemIo, faults: () => FaultPlan, style: OutputStyle = {}) {
    this.#io = io;
    this.#faults = faults;
    this.#style = style;
    this.#timers = new TimerSet(style.clock ?? systemClock);
  }

  /** Raw bytes (data-mode payload). */
  raw(bytes: Uint8Array | string): void {
    this.#write(bytes);
    this.#afterPayload = true;
  }

  /** The host's own bytes echoed back. */
  echo(bytes: Uint8Array): void {
    this.#write(bytes);
  }

  /** Resolves when everything written has left the line (or at most `keep` bytes still wait for it). */
  flushed(keep = 0): Promise<void> {
    return this.#io.flushed(keep);
  }

  /** Information lines followed by a final result code, as one response. */
  respond(lines: readonly string[], final = 'OK'): void {
    const info = lines.map((l) => this.#rewrite(l));
    if (this.noise) {
      // Field behaviour: an unsolicited line may land between the lines of an answer.
      for (const text of info) this.#frame(`\r\n${text}\r\n`);
      return this.#frame(`\r\n${final}\r\n`);
    }
    const sep = this.#style.frameEachLine ? '\r\n\r\n' : '\r\n';
    this.#frame(`${info.length > 0 ? `\r\n${info.join(sep)}\r\n` : ''}\r\n${final}\r\n`);
  }

  ok(): void {
    this.respond([]);
  }

  error(): void {
    this.respond([], 'ERROR');
  }

  /** `+CME ERROR: <code>` honouring `AT+CMEE` (0: plain `ERROR`, 2: the dialect's text). */
  cmeError(code: number): void {
    if (this.cmee === 0) return this.error();
    const text = this.cmee === 2 ? this.#style.errorText?.(code) : undefined;
    this.respond([], `+CME ERROR: ${text ?? code}`);
  }

  /** One framed line with no final result code (e.g. `CONNECT`). */
  line(text: string): void {
    this.#frame(`\r\n${this.#rewrite(text)}\r\n`);
  }

  /** An unsolicited result code, subject to the delay/drop faults. */
  urc(text: string): void {
    const faults = this.#faults();
    if (faults.dropUrc && text.startsWith(faults.dropUrc.prefix)) return;
    const delay = faults.delayUrc;
    if (delay && delay.ms > 0 && text.startsWith(delay.prefix)) {
      this.#timers.set(() => (this.boundary(), this.line(text)), delay.ms);
      return;
    }
    this.boundary();
    this.line(text);
  }

  /** Cancels delayed URCs (reboot, close). */
  cancelPending(): void {
    this.#timers.clear();
  }

  #write(bytes: Uint8Array | string): void {
    if (!this.muted) this.#io.send(bytes);
  }

  #rewrite(text: string): string {
    return this.#style.rewrite ? this.#style.rewrite(text) : text;
  }

  /**
   * The frame just written opened a data phase whose payload follows later: no field line until the next
   * frame.
   */
  payloadFollows(): void {
    this.#afterPayload = true;
  }

  /** An unsolicited line of the field behaviours, as it comes (no further noise before it). */
  interject(text: string): void {
    this.#write(`\r\n${text}\r\n`);
    this.#afterPayload = false;
  }

  /**
   * Whether an unsolicited line may be written now: not right after payload bytes (data phase), not muted.
   */
  canInterject(): boolean {
    return !this.muted && !this.#afterPayload && (this.noise?.allows(this.inAnswer) ?? true);
  }

  /**
   * One frame whose bytes are binary (a line with a length-framed payload inside it, u-blox `+URDBLOCK:
   * "f",3,"…"`), with the field lines owed before it as before any frame.
   */
  frameRaw(bytes: Uint8Array): void {
    this.#frame(bytes);
  }

  /**
   * Writes one frame, after the field lines owed before it (none right after payload bytes: they end with
   * OK).
   */
  #frame(bytes: string | Uint8Array): void {
    if (this.noise && this.canInterject()) for (const l of this.noise.take(this.inAnswer)) this.interject(l);
    this.#afterPayload = false;
    this.#write(bytes);
  }

  /** A point between two frames where a real line could carry noise: the injection faults apply here. */
  boundary(): void {
    const faults = this.#faults();
    if (faults.injectLines) {
      const random = (this.#linesRandom ??= seededRandom(faults.injectLines.seed));
      const { lines, probability } = faults.injectLines;
      if (lines.length > 0 && random() < probability) this.#write(`\r\n${lines[Math.floor(random() * lines.length)] as string}\r\n`);
    }
    if (faults.injectGarbage) {
      const random = (this.#garbageRandom ??= seededRandom(faults.injectGarbage.seed));
      if (random() < faults.injectGarbage.probability) {
        const n = 1 + Math.floor(random() * 8);
        const bytes = Buffer.alloc(n);
        // CR and LF are left out so that noise never forges a line ending.
        for (let i = 0; i < n; i++) {
          const b = Math.floor(random() * 256);
          bytes[i] = b === 0x0d || b === 0x0a ? 0xff : b;
        }
        this.#write(bytes);
      }
    }
  }
}
