/**
 * SIM7600 cache mode and abort (S-MAN §12.2.14, 12.2.17, 12.2.18; MBED):
 * `AT+CFTPSGET="<f>",<rest>,1` answers `OK`, buffers the file in the module
 * and says `+CFTPS: RECV EVENT`; the host polls `AT+CFTPSCACHERD?`
 * (`+CFTPSCACHERD: <len>`) and reads ≤ 1024 bytes per `AT+CFTPSCACHERD`
 * (`+CFTPSGET: DATA,<n>` + bytes + `OK`; a bare `OK` when empty). The final
 * `+CFTPSGET: 0` comes when the server has sent everything, possibly between
 * reads. `AT+CFTPSABORT` also logs out and drops the PDP (Q9).
 */
import type { CommandHandler } from '../common/modem-core.js';
import type { CftpsContext } from './context.js';

/** Bytes per `AT+CFTPSCACHERD` (S-MAN: "≤ 1024 per call"). */
const READ_BYTES = 1024;
/** The module's cache: the data connection is paused while this much waits [I: S-MAN gives no size]. */
const CACHE_BYTES = 64 * 1024;

class ByteCache {
  #chunks: Buffer[] = [];
  length = 0;
  #room: Array<() => void> = [];

  /** Stores `chunk`; resolves when the cache has room again (TCP backpressure). */
  put(chunk: Buffer): Promise<void> {
    this.#chunks.push(Buffer.from(chunk));
    this.length += chunk.length;
    if (this.length < CACHE_BYTES) return Promise.resolve();
    return new Promise((resolve) => this.#room.push(resolve));
  }

  take(max: number): Buffer {
    const out = Buffer.concat(this.#chunks);
    const part = out.subarray(0, Math.min(max, out.length));
    this.#chunks = out.length > part.length ? [out.subarray(part.length)] : [];
    this.length -= part.length;
    if (this.length < CACHE_BYTES) for (const wake of this.#room.splice(0)) wake();
    return part;
  }
}

/** The cache of the running (or last) cached download, per model. */
const caches = new WeakMap<CftpsContext, ByteCache>();

/** Starts a cached download (the caller admitted it). */
export function startCachedGet(ctx: CftpsContext, file: string, startAt: number): void {
  const { session, core } = ctx;
  const cache = new ByteCache();
  caches.set(ctx, cache);
  let moved = 0;
  session.run('+CFTPSGET', { phase: 'transfer', namesExisting: true, moved: () => moved }, async () => {
    const handle = session.backend.download(file, (chunk) => {
      const wasEmpty = cache.length === 0;
      moved += chunk.length;
      const stored = cache.put(chunk);
      if (wasEmpty) core.out.urc('+CFTPS: RECV EVENT');
      return stored;
    }, { startAt });
    session.transfer = handle;
    await handle.done;
    return '0';
  });
}

export function cacheCommands(ctx: CftpsContext): Record<string, CommandHandler> {
  const { core, session, bearer } = ctx;
  const out = core.out;
  return {
    '+CFTPSCACHERD': (cmd) => {
      const cache = caches.get(ctx);
      if (cmd.form === 'read') return out.respond([`+CFTPSCACHERD: ${cache?.length ?? 0}`]);
      if (cmd.form !== 'exec') return out.error();
      if (!cache || cache.length === 0) return out.ok();
      const part = cache.take(READ_BYTES);
      out.line(`+CFTPSGET: DATA,${part.length}`);
      out.raw(part);
      out.ok();
    },
    '+CFTPSABORT': (cmd) => {
      if (cmd.form !== 'exec' || !session.started || session.login === 'out') return out.error();
      session.transfer?.abort();
      caches.delete(ctx);
      out.ok();
      out.urc('+CFTPSABORT: 0');
      // S-MAN §12.2.18: the abort also logs out and deactivates the PDP; the aborted transfer prints nothing more [I].
      bearer.deactivateDefault();
      void session.reset();
    },
  };
}
