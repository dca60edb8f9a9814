import type { OperationRunner, PayloadSink } from '@cellftp/core';
import type { Subscription } from 'rxjs';
import { result } from '../commands.js';

/** Longest `\r\nOK\r\n\r\n+QFTPGET: 631,553\r\n` plus slack. */
const HOLD = 48;
// eslint-disable-next-line no-control-regex
const FAILED_TAIL = /\r\nOK\r\n(?:\r\n)?(\+QFTPGET: ?[1-9]\d*,\d+)\r\n$/;
/** Silence after a matching tail before the guard believes it. */
const QUIET_MS = 150;

/**
 * A ranged `COM:` download is framed by the host (B.9 #3): the driver reads
 * exactly `<len>` bytes after `CONNECT`. If the data connection breaks
 * mid-range the module leaves data mode early with `OK` and
 * `+QFTPGET: <err>,…` — which the exact-length reader would swallow as
 * payload and then wait a whole response timeout for bytes that never come.
 *
 * The guard holds the last {@link HOLD} bytes back from the destination. When
 * those bytes end in a failure trailer and the line then stays quiet, it ends
 * the data phase and fails the command with the module's error; the bytes
 * before the trailer are delivered. A payload that merely *contains* such a
 * trailer is unaffected unless the line also stalls right after it.
 */
export class TailGuard {
  readonly #controller = new AbortController();
  readonly #runner: OperationRunner;
  readonly #target: PayloadSink;
  #held: Buffer = Buffer.alloc(0);
  #timer: Subscription | undefined;
  #trailer: RegExpExecArray | null = null;
  delivered = 0;

  constructor(runner: OperationRunner, target: PayloadSink, readonly command: string) {
    this.#runner = runner;
    this.#target = target;
  }

  /** Aborted (with the module's FtpError as reason) when the guard detects an early end. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  readonly sink: PayloadSink = (chunk) => {
    this.#timer?.unsubscribe();
    let released: Uint8Array;
    let out: Uint8Array;
    if (chunk.length >= HOLD) {
      // Hot path: no copy of the chunk itself, only of its last HOLD bytes.
      released = this.#held;
      out = chunk.subarray(0, chunk.length - HOLD);
      this.#held = Buffer.from(chunk.subarray(chunk.length - HOLD));
    } else {
      const all = Buffer.concat([this.#held, chunk]);
      const keep = Math.min(HOLD, all.length);
      released = all.subarray(0, all.length - keep);
      out = new Uint8Array(0);
      this.#held = Buffer.from(all.subarray(all.length - keep));
    }
    this.#trailer = FAILED_TAIL.exec(this.#held.toString('latin1'));
    if (this.#trailer) this.#timer = this.#runner.engine.scheduler.schedule(() => this.#fire(), QUIET_MS);
    const first = this.#deliver(released);
    if (out.length === 0) return first;
    return first instanceof Promise ? first.then(() => this.#deliver(out)) : this.#deliver(out);
  };

  /** The range completed: the held bytes are payload. */
  flush(): Promise<void> | void {
    this.#timer?.unsubscribe();
    const rest = this.#held;
    this.#held = Buffer.alloc(0);
    return this.#deliver(rest);
  }

  /** The range failed: deliver what precedes a detected trailer, drop the rest. */
  async salvage(): Promise<void> {
    this.#timer?.unsubscribe();
    const trailer = this.#trailer;
    const rest = trailer ? this.#held.subarray(0, trailer.index) : Buffer.alloc(0);
    this.#held = Buffer.alloc(0);
    await this.#deliver(rest);
  }

  stop(): void {
    this.#timer?.unsubscribe();
  }

  #fire(): void {
    const line = this.#trailer?.[1];
    if (!line) return;
    this.#runner.engine.endData();
    this.#controller.abort(this.#runner.failure({ result: result('QFTPGET') }, line, this.command));
  }

  #deliver(bytes: Uint8Array): Promise<void> | void {
    if (bytes.length === 0) return undefined;
    this.delivered += bytes.length;
    return this.#target(bytes);
  }
}
