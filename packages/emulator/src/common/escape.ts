/**
 * Detects the `+++` escape in a data-mode byte stream with its guard times
 * (Quectel FTP(S) AN §1.4, EC2x AT manual ATS12): no byte for `guardMs`
 * before, three `+` within `guardMs`, no byte for `guardMs` after. A `+++`
 * that breaks the rule is payload.
 */
export class EscapeDetector {
  #lastByteAt: number;
  #held = 0;
  #firstPlusAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param guardMs guard time (S12 × 20 ms; 1000 by default)
   * @param onData payload bytes, in order
   * @param onEscape called once a valid `+++` has been followed by `guardMs` of silence
   * @param now clock
   */
  constructor(
    private readonly guardMs: number,
    private readonly onData: (bytes: Uint8Array) => void,
    private readonly onEscape: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#lastByteAt = now();
  }

  /** Feeds host bytes. */
  push(chunk: Uint8Array): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const t = this.now();
      const isPlus = chunk[i] === 0x2b;
      const quietBefore = t - this.#lastByteAt >= this.guardMs;
      if (isPlus && this.#held < 3 && (this.#held > 0 ? t - this.#firstPlusAt <= this.guardMs : quietBefore)) {
        if (i > start) this.onData(chunk.subarray(start, i));
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
    if (start < chunk.length) this.onData(chunk.subarray(start));
  }

  /** Stops the guard timer. */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#held = 0;
      this.onEscape();
    }, this.guardMs);
  }

  /** Pluses that turned out to be payload. */
  #releaseHeld(): void {
    if (this.#held === 0) return;
    this.stop();
    this.onData(Buffer.alloc(this.#held, 0x2b));
    this.#held = 0;
  }
}
