/**
 * AT+FTPPUT=1/2 (AT manual V1.05 §15.2.15; S-FTPAN §5.2, §5.6) and its extended form after AT+FTPEXTPUT=1
 * (§15.2.19, S-FTPAN §5.12).
 *
 * - Normal: `+FTPPUT: 1,1,<maxlength>` each time the module can take a chunk; `AT+FTPPUT=2,<n>` → `+FTPPUT:
 *   2,<cnflength>`, n raw bytes, `OK`;
 *   `AT+FTPPUT=2,0` → `OK` … `+FTPPUT: 1,0`. A write before the `1,1,<max>` URC, or after the end, is `ERROR` (S-FTPAN §5.6).
 * - Extended: the RAM cache is uploaded at once; only `+FTPPUT: 1,0` follows.
 */
import type { FtpBackend, UploadOptions } from '../backend/index.js';
import type { Sim7080Context } from './context.js';
import { Cme, FtpCode } from './errors.js';
import { FtpOperation } from './operation.js';
import { ByteQueue } from '../common/byte-queue.js';

/** The most AT+FTPPUT=2 accepts whatever `<maxlength>` says (test form `(1-1460)`). */
export const PUT_REQUEST_MAX = 1460;

/** The remote name and APPE/STOR choice for the AT+FTPPUTOPT setting (STOU emulated, see docs). */
export async function uploadTarget(ctx: Sim7080Context, backend: FtpBackend): Promise<{ path: string; options: UploadOptions }> {
  const path = ctx.putTarget();
  const opt = ctx.params['+FTPPUTOPT'];
  if (opt === 'APPE') return { path, options: { mode: 'append' } };
  if (opt === 'STOR') return { path, options: { mode: 'store' } };
  // STOU: store under a name the server does not have yet (name, name.1, name.2, …).
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? path : `${path}.${n}`;
    const exists = await backend.size(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return { path: candidate, options: { mode: 'store' } };
  }
}

/** FTPTYPE "A": the stack sends 7-bit NVT-ASCII, clearing each byte's MSB (§15.2.3 note). */
export function forType(ctx: Sim7080Context, bytes: Buffer): Buffer {
  if (ctx.params['+FTPTYPE'] !== 'A') return bytes;
  return Buffer.from(bytes.map((b) => b & 0x7f));
}

export class PutSession extends FtpOperation {
  /** `ready` only between a `1,1,<max>` URC and the next write. */
  state: 'opening' | 'ready' | 'busy' = 'opening';
  readonly #queue: ByteQueue;
  readonly #cache: Buffer | undefined;

  /** `cache` set = extended method: upload these RAM bytes without the chunk dialogue. */
  constructor(ctx: Sim7080Context, cache?: Buffer) {
    super(ctx, 'put');
    this.phase = 'upload';
    this.#cache = cache;
    this.#queue = new ByteQueue(undefined, () => this.#hungry());
    this.onEnd(() => this.#queue.end());
  }

  #hungry(): void {
    if (this.ended || this.#cache || this.state === 'ready') return;
    this.state = 'ready';
    // The notes and the manual's syntax print <maxlength>; the manual's own example does not (variant).
    const max = this.ctx.options.variants?.has('put-no-maxlength') ? '' : `,${this.ctx.tuning.putMaxLength}`;
    this.ctx.out.urc(`+FTPPUT: 1,1${max}`);
  }

  protected async body(backend: FtpBackend): Promise<void> {
    const { path, options } = await uploadTarget(this.ctx, backend);
    if (this.#cache) {
      this.#queue.push(this.#cache);
      this.#queue.end();
    }
    const handle = backend.upload(path, this.#queue, options);
    this.onEnd(() => handle.abort());
    this.bytesMoved = await handle.done;
    this.finish(FtpCode.ok);
  }

  /** AT+FTPPUT=2,<reqlength>. */
  write(reqLength: number): void {
    const { ctx } = this;
    if (this.ended || this.#cache || this.state !== 'ready') return ctx.out.cmeError(Cme.notAllowed);
    this.state = 'busy';
    if (reqLength === 0) {
      // "If <reqlength> is 0, it will respond OK, and FTP session will be closed" (§15.2.15).
      ctx.out.ok();
      this.#queue.end();
      return;
    }
    const confirmed = Math.min(reqLength, ctx.tuning.putMaxLength);
    ctx.out.line(`+FTPPUT: 2,${confirmed}`);
    ctx.capture(confirmed, undefined, (bytes) => {
      ctx.out.ok();
      if (!bytes || this.ended) return;
      this.bytesMoved += bytes.length;
      this.#queue.push(forType(ctx, bytes));
    });
  }
}
