/**
 * AT+FTPETPUT / AT+FTPETGET: transparent transfers framed by ETX with DLE escaping (AT manual V1.05
 * §15.2.24–25; S-FTPAN §5.14–5.15).
 */
import { escapeDle as stuff, UnstuffStream } from '@cellftp/core';
import type { FtpBackend } from '../backend/index.js';
import type { Sim7080Context } from './context.js';
import { Cme, FtpCode } from './errors.js';
import { FtpOperation } from './operation.js';
import { forType, uploadTarget } from './put-session.js';
import { ByteQueue } from '../common/byte-queue.js';

export const ETX = 0x03;
export const DLE = 0x10;
export { stuff };

/**
 * Decodes the host's stuffed stream (FTPETPUT) across chunk boundaries: in data mode a bare ETX ends the
 * file, payload ETX and DLE travel as DLE ETX and DLE DLE (§15.2.24–25 notes). A DLE makes the next byte
 * literal whatever it is: the manual only says an ETX preceded by DLE is data. Core's `unescapeDle` takes a
 * complete payload; this streaming decoder also finds the bare ETX. The modem → host direction is core's
 * `escapeDle`.
 */
export function unstuffer(): UnstuffStream {
  return new UnstuffStream(DLE, ETX);
}

/**
 * Upload: `AT+FTPETPUT=1` → `OK` + `+FTPETPUT: 1,1`; `AT+FTPETPUT=2` → `+FTPETPUT: 2,1`, stuffed data, bare
 * ETX, `OK`, then `+FTPETPUT: 1,0`.
 */
export class EtPutSession extends FtpOperation {
  state: 'opening' | 'ready' | 'streaming' | 'closing' = 'opening';
  readonly #queue: ByteQueue;

  constructor(ctx: Sim7080Context) {
    super(ctx, 'etput');
    this.phase = 'upload';
    this.#queue = new ByteQueue(undefined, () => {
      if (this.state !== 'opening' || this.ended) return;
      this.state = 'ready';
      this.ctx.out.urc('+FTPETPUT: 1,1');
    });
    this.onEnd(() => this.#queue.end());
  }

  protected async body(backend: FtpBackend): Promise<void> {
    const { path, options } = await uploadTarget(this.ctx, backend);
    const handle = backend.upload(path, this.#queue, options);
    this.onEnd(() => handle.abort());
    await handle.done;
    this.finish(FtpCode.ok);
  }

  /** AT+FTPETPUT=2: data mode until the host's bare ETX. */
  stream(): void {
    const { ctx } = this;
    if (this.ended || this.state !== 'ready') return ctx.out.cmeError(Cme.notAllowed);
    this.state = 'streaming';
    // Default: the manual's order (header, data, ETX, OK); variant: the notes' (OK, `+FTPETPUT:2,1`, data,
    // ETX, OK).
    if (ctx.options.variants?.has('etput-ok-first')) (ctx.out.ok(), ctx.out.line('+FTPETPUT:2,1'));
    else ctx.out.line('+FTPETPUT: 2,1');
    const decoder = unstuffer();
    ctx.reader.enterRaw((chunk) => {
      const result = decoder.push(chunk);
      this.bytesMoved += result.data.length;
      if (!this.ended) this.#queue.push(forType(ctx, Buffer.from(result.data)));
      if (result.ended) {
        ctx.reader.exitRaw();
        this.state = 'closing';
        ctx.out.ok();
        this.#queue.end();
      }
      return result.used;
    });
  }
}

/**
 * Download: `AT+FTPETGET=1` → `OK`, `+FTPETGET: 1,1`, the stuffed file, a bare ETX, then `+FTPETGET: 1,0`.
 * Host input during the data phase is still read as commands (AT+FTPQUIT works), see docs.
 */
export class EtGetSession extends FtpOperation {
  #started = false;

  constructor(ctx: Sim7080Context) {
    super(ctx, 'etget');
    this.phase = 'download';
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.ctx.out.urc('+FTPETGET: 1,1');
    // Data mode from here to the ETX: field noise must not land inside it.
    this.ctx.out.payloadFollows();
  }

  protected async body(backend: FtpBackend): Promise<void> {
    const { out } = this.ctx;
    const handle = backend.download(
      this.ctx.getTarget(),
      async (chunk) => {
        if (this.ended) return;
        this.#start();
        this.bytesMoved += chunk.length;
        out.raw(stuff(chunk));
        // Hold the data connection while the paced line drains, like the module's UART flow control.
        await out.flushed();
      },
      { startAt: this.ctx.params['+FTPREST'] },
    );
    this.onEnd(() => handle.abort());
    await handle.done;
    this.#start();
    this.finish(FtpCode.ok);
  }

  override finish(code: number): void {
    // Once data mode started, a bare ETX always closes it before the result URC.
    if (!this.ended && this.#started) this.ctx.out.raw(Uint8Array.of(ETX));
    super.finish(code);
  }
}
