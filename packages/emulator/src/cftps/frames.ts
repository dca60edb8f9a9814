/**
 * The data frames of a `AT+CFTPSGET` / `AT+CFTPSLIST` stream after `OK`:
 * `<CR><LF>+CFTPSGET: DATA,<len><CR><LF>` then exactly `len` raw bytes, no
 * terminator of their own (the next header's `CR LF` follows them, A-MAN
 * §17.2.13, SIMCom's FTP tool, digest §5.1). Frames are at most the family's
 * size (A76xx 1024, SIM7600 ~1480); they follow what the server delivered,
 * so sizes vary, and a listing line can split across two frames (Q6).
 */
import type { AtOutput } from '../common/output.js';

export class FrameWriter {
  /** Payload bytes framed so far. */
  sent = 0;

  /**
   * @param live false once the transfer is over for the module (restart, network loss, abort):
   * what the server still delivers is dropped.
   * @param sizes picks each frame's length up to `max` (seeded under the field
   * behaviours; otherwise as much as there is, up to `max`).
   */
  constructor(
    private readonly out: AtOutput,
    /** The header line of an `n`-byte frame (`+CFTPSGET: DATA,<n>`; `+CFTRANTX: DATA, <n>`). */
    private readonly header: (n: number) => string,
    private readonly max: number,
    private readonly live: () => boolean,
    private readonly sizes: (max: number) => number = (m) => m,
  ) {}

  /**
   * Frames `chunk` as it came from the server. Resolves once the line holds at
   * most two frames, so the data socket is read no faster than the line
   * drains (TCP backpressure), while the line never runs dry.
   */
  async write(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length && this.live()) {
      const n = Math.min(chunk.length - at, Math.max(1, this.sizes(this.max)));
      this.out.line(this.header(n));
      this.out.raw(chunk.subarray(at, at + n));
      at += n;
      this.sent += n;
      await this.out.flushed(2 * this.max);
    }
  }
}
