import { systemClock, type Clock } from '../links/clock.js';

/** What an {@link EscapeDetector} needs. */
export interface EscapeOptions {
  /** Guard time (Quectel: S12 × 20 ms, 1000 by default). */
  guardMs: number;
  /**
   * Silence required before the first `+` when it differs from `guardMs` (u-blox direct-link upload: ≥ 2 s,
   * R4-MAN op 7).
   */
  quietBeforeMs?: number;
  /** Payload bytes, in order (a `+++` that breaks the guard rules is payload too). */
  onData: (bytes: Uint8Array) => void;
  /** Called once a valid `+++` has been followed by `guardMs` of silence. */
  onEscape: () => void;
  /**
   * When the host last sent a byte before data mode began (the command line's CR, or earlier): the silence
   * before `+++` counts from there, not from `CONNECT`. Default: now.
   */
  lastByteAt?: number;
  /** Time source and timers (tests inject a fake one). */
  clock?: Clock;
}

/**
 * Detects the `+++` escape in a data-mode byte stream with its guard times (Quectel FTP(S) AN §1.4; EC2x AT
 * manual §3.2 and ATS12, VENDOR-FACTS §B.7): no byte from the host for `guardMs` before, the three `+` within
 * `guardMs`, no byte for `guardMs` after. A `+++` that breaks the rule is payload.
 *
 * The silence before is measured from the host's last byte, whatever mode the module was in when it arrived:
 * a host that typed the command and then waited while the module opened the data connection has already been
 * silent.
 */
export class EscapeDetector {
  readonly #guardMs: number;
  readonly #quietBeforeMs: number;
  readonly #onData: (bytes: Uint8Array) => void;
  readonly #onEscape: () => void;
  readonly #clock: Clock;
  #lastByteAt: number;
  #held = 0;
  #firstPlusAt = 0;
  #timer: unknown;

  constructor(options: EscapeOptions) {
    this.#guardMs = options.guardMs;
    this.#quietBeforeMs = options.quietBeforeMs ?? options.guardMs;
    this.#onData = options.onData;
    this.#onEscape = options.onEscape;
    this.#clock = options.clock ?? systemClock;
    this.#lastByteAt = options.lastByteAt ?? this.#clock.now();
  }

  /** Feeds host bytes. */
  push(chunk: Uint8Array): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const t = this.#clock.now();
      const isPlus = chunk[i] === 0x2b;
      const quietBefore = t - this.#lastByteAt >= this.#quietBeforeMs;
      if (isPlus && this.#held < 3 && (this.#held > 0 ? t - this.#firstPlusAt <= this.#guardMs : quietBefore)) {
        if (i > start) this.#onData(chunk.subarray(start, i));
        if (this.#held === 0) this.#firstPlusAt = t;
        this.#held++;
        start = i + 1;
        if (this.#held === 3) this.#arm();
      } else {
        this.#releaseHeld();
        if (i < start) start = i;
      }
      this.#lastByteAt = t;
    }
    if (start < chunk.length) this.#onData(chunk.subarray(start));
  }

  /** Stops the guard timer. */
  stop(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#held = 0;
      this.#onEscape();
    }, this.#guardMs);
  }

  /** Pluses that turned out to be payload. */
  #releaseHeld(): void {
    if (this.#held === 0) return;
    this.stop();
    this.#onData(Buffer.alloc(this.#held, 0x2b));
    this.#held = 0;
  }
}
