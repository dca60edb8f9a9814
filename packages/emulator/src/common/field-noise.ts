import type { Clock } from '../links/clock.js';
import type { FieldNoise } from '../model/types.js';
import { seededRandom } from './prng.js';
import { TimerSet } from './timers.js';

/** The unsolicited lines a dialect's modules print on their own. */
export interface FieldLines {
  /**
   * Network and clock lines that can come at any moment (`+CEREG: 1`, `*PSUTTZ: …`, `DST: 0`, `+QIND:
   * "csq",…`).
   */
  network: readonly string[];
}

/**
 * Decides, seeded, which unsolicited lines come before the next frame the modem writes: the start-up lines
 * still owed after `RDY` (a real module prints `SMS Ready` seconds after power-on, in the middle of the
 * host's first commands) and network lines at any moment.
 */
export class FieldNoiseSource {
  readonly #random: () => number;
  readonly #rate: number;
  readonly #lines: FieldLines;
  readonly #inAnswers: boolean;
  #owed: string[] = [];
  readonly #timers: TimerSet;

  constructor(noise: FieldNoise, lines: FieldLines, clock: Clock) {
    this.#random = seededRandom(noise.seed);
    this.#rate = noise.urcRate ?? 0.05;
    this.#lines = lines;
    this.#timers = new TimerSet(clock);
    this.#inAnswers = noise.inAnswers ?? false;
  }

  /**
   * Start-up: the first line now, each of the others before a later frame or at a seeded moment within
   * `spreadMs`, whichever comes first (`print` writes one; at a moment when `canPrint` says no, e.g. inside a
   * data phase, the line stays owed).
   */
  boot(lines: readonly string[], print: (line: string) => void, canPrint: () => boolean, spreadMs = 1500): void {
    this.cancel();
    const [first, ...rest] = lines;
    if (first !== undefined) print(first);
    this.#owed = [...rest];
    let at = 0;
    for (let i = 0; i < rest.length; i++) {
      at += this.#random() * (spreadMs / rest.length);
      this.#timers.set(() => {
        if (this.#owed.length > 0 && canPrint()) print(this.#owed.shift() as string);
      }, at);
    }
  }

  /**
   * Lines to write before the next frame (often none); `inAnswer`: the frame belongs to a command's answer.
   */
  take(inAnswer: boolean): string[] {
    const out: string[] = [];
    if (!this.allows(inAnswer)) return out;
    if (this.#owed.length > 0 && this.#random() < 0.3) out.push(this.#owed.shift() as string);
    const network = this.#lines.network;
    if (network.length > 0 && this.#random() < this.#rate) out.push(network[Math.floor(this.#random() * network.length)] as string);
    return out;
  }

  /** Whether lines may come now (inside an answer only when `inAnswers` is set). */
  allows(inAnswer: boolean): boolean {
    return !inAnswer || this.#inAnswers;
  }

  /** Drops owed start-up lines and their timers (power-down, reboot, close). */
  cancel(): void {
    this.#timers.clear();
    this.#owed = [];
  }
}
