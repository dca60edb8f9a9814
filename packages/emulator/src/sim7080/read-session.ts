/**
 * AT+FTPGET=1/2 and AT+FTPLIST=1/2 (AT manual V1.05 §15.2.14, §15.2.22; S-FTPAN §5.1, §5.6, §5.11): the
 * module buffers what the server sends and the host pulls it in pieces of at most 1460 bytes.
 *
 * - `+FTPGET: 1,1` announces data; it is repeated while data stays unread, and re-issued when data arrives
 *   after the host emptied the buffer (§5.1).
 * - `AT+FTPGET=2,<n>` before the first `1,1` or after the end → `ERROR` (§5.6).
 * - `+FTPGET: 1,0` comes only once the server finished and the buffer is empty.
 */
import type { FtpBackend } from '../backend/index.js';
import type { Sim7080Context } from './context.js';
import { Cme, FtpCode } from './errors.js';
import { FtpOperation } from './operation.js';

export class ReadSession extends FtpOperation {
  /** `opening` until the first `1,1`; reads are only allowed while `open`. */
  state: 'opening' | 'open' = 'opening';
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #complete = false;
  /** Whether the host was told about the data now in the buffer. */
  #announced = false;
  #resume: Array<() => void> = [];
  #abort: (() => void) | undefined;
  #stopReminder: (() => void) | undefined;
  #stopIdle: (() => void) | undefined;
  readonly #prefix: string;

  constructor(ctx: Sim7080Context, kind: 'get' | 'list') {
    super(ctx, kind);
    this.#prefix = kind === 'get' ? '+FTPGET' : '+FTPLIST';
    this.phase = 'download';
    this.onEnd(() => {
      this.#stopReminder?.();
      this.#stopIdle?.();
      this.#abort?.();
      this.#chunks.length = 0;
      this.#buffered = 0;
      for (const resume of this.#resume.splice(0)) resume();
    });
  }

  protected async body(backend: FtpBackend): Promise<void> {
    if (this.kind === 'list') {
      // FTPLIST returns the server's raw LIST output for GETPATH (a directory or one file, §15.2.22 note).
      this.#push(await backend.list(this.ctx.params['+FTPGETPATH']));
    } else {
      const rest = this.ctx.params['+FTPREST'];
      const handle = backend.download(this.ctx.getTarget(), (chunk) => this.#push(chunk), { startAt: rest });
      this.#abort = handle.abort;
      await handle.done;
    }
    if (this.ended) return;
    this.#complete = true;
    this.#maybeFinish();
  }

  /** Takes server bytes in; the returned promise holds the data connection while the buffer is full. */
  #push(chunk: Buffer): Promise<void> | void {
    if (this.ended || chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    this.bytesMoved += chunk.length;
    if (!this.#announced) this.#announce();
    if (this.#buffered < this.ctx.tuning.getBufferBytes) return;
    return new Promise((resolve) => this.#resume.push(resolve));
  }

  #announce(): void {
    this.state = 'open';
    this.#announced = true;
    this.ctx.out.urc(`${this.#prefix}: 1,1`);
    this.#armTimers();
  }

  #armTimers(): void {
    const { tuning } = this.ctx;
    this.#stopReminder?.();
    const remind = (): void => {
      if (this.ended || this.#buffered === 0) return;
      this.ctx.out.urc(`${this.#prefix}: 1,1`);
      this.#stopReminder = this.ctx.timer(remind, tuning.dataReminderMs);
    };
    this.#stopReminder = this.ctx.timer(remind, tuning.dataReminderMs);
    this.#armIdle();
  }

  /** AT+FTPGET=2,<reqlength> / AT+FTPLIST=2,<reqlength>, already range-checked (1–1460). */
  read(reqLength: number): void {
    const { out } = this.ctx;
    if (this.ended || this.state !== 'open') return out.cmeError(Cme.notAllowed);
    const data = this.#take(reqLength);
    // Length-framed, never escaped: header line, exactly <cnflength> bytes, then \r\nOK\r\n.
    out.line(`${this.#prefix}: 2,${data.length}`);
    out.raw(data);
    out.ok();
    if (this.#buffered < this.ctx.tuning.getBufferBytes) for (const resume of this.#resume.splice(0)) resume();
    if (this.#buffered === 0) {
      this.#announced = false;
      this.#stopReminder?.();
    }
    this.#armIdle();
    this.#maybeFinish();
  }

  #armIdle(): void {
    this.#stopIdle?.();
    this.#stopIdle = this.ctx.timer(() => this.fail(FtpCode.timeout), this.ctx.tuning.readIdleTimeoutMs);
  }

  #take(max: number): Buffer {
    const all = Buffer.concat(this.#chunks.splice(0));
    const part = all.subarray(0, max);
    if (all.length > part.length) this.#chunks.push(all.subarray(part.length));
    this.#buffered -= part.length;
    return part;
  }

  #maybeFinish(): void {
    if (this.#complete && this.#buffered === 0) this.finish(FtpCode.ok);
  }
}
