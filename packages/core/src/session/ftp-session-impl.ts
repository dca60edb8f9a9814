import type { Observable, SchedulerLike } from 'rxjs';
import { asyncScheduler } from 'rxjs';
import { FtpError } from '../errors/ftp-error.js';
import { openDestination } from '../transfer/destination.js';
import { ProgressHub } from '../transfer/progress.js';
import { openSource } from '../transfer/source.js';
import { remotePathSchema } from '../validate/text-rules.js';
import { validate } from '../validate/validate.js';
import type { FtpOps } from './ftp-ops.js';
import { OpLock } from './op-lock.js';
import { remotePath } from './remote-path.js';
import type {
  DownloadDestination,
  DownloadOptions,
  FileInfo,
  FtpCapabilities,
  FtpSession,
  TransferProgress,
  TransferResult,
  UploadOptions,
  UploadSource,
} from './types.js';
import { z } from 'zod';

const startAtSchema = z.number().int().min(0, { message: 'startAt must be ≥ 0' });

/**
 * The vendor-neutral {@link FtpSession}: validates every input before a byte
 * is written, serialises operations, opens sources and destinations, meters
 * progress, and delegates the AT work to a vendor's {@link FtpOps}.
 */
export class FtpSessionImpl implements FtpSession {
  readonly #ops: FtpOps;
  readonly #lock = new OpLock();
  readonly #progress: ProgressHub;
  readonly #path: z.ZodType<string>;
  #closed = false;
  /** Why the session ended without close(), for the error its later calls get. */
  #retiredBecause: string | undefined;

  constructor(ops: FtpOps, scheduler: SchedulerLike = asyncScheduler) {
    this.#ops = ops;
    this.#progress = new ProgressHub(scheduler);
    this.#path = remotePathSchema(ops.limits.maxPathBytes, ops.limits.maxNameBytes);
  }

  get capabilities(): FtpCapabilities {
    return this.#ops.capabilities;
  }

  get progress$(): Observable<TransferProgress> {
    return this.#progress.progress$;
  }

  get closed(): boolean {
    return this.#closed || this.#ops.closed;
  }

  /** True while an operation of this session runs or waits (internal: openModem's one-session rule). */
  get busy(): boolean {
    return this.#lock.busy;
  }

  /** Runs `fn` when this session's queued operations are done, holding later ones back until it ends (internal). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(fn);
  }

  /**
   * Ends the session without a word to the module, whose FTP state now
   * belongs to a newer session (internal: openModem's one-session rule).
   */
  retire(reason: string): void {
    this.#closed = true;
    this.#retiredBecause = reason;
    this.#progress.complete();
  }

  trackProgress(handler?: (progress: TransferProgress) => void): void {
    this.#progress.track(handler);
  }

  cd(path: string): Promise<void> {
    return this.#op([path], () => this.#ops.cd(path, {}));
  }

  pwd(): Promise<string> {
    return this.#op([], () => this.#ops.pwd({}));
  }

  list(path?: string): Promise<FileInfo[]> {
    return this.#op(path === undefined ? [] : [path], () => this.#ops.list(path, {}));
  }

  listNames(path?: string): Promise<string[]> {
    return this.#op(path === undefined ? [] : [path], () => this.#ops.listNames(path, {}));
  }

  size(path: string): Promise<number> {
    return this.#op([path], () => this.#ops.size(path, {}));
  }

  lastMod(path: string): Promise<Date> {
    return this.#op([path], () => this.#ops.lastMod(path, {}));
  }

  makeDir(path: string): Promise<void> {
    return this.#op([path], () => this.#ops.makeDir(path, {}));
  }

  ensureDir(path: string): Promise<void> {
    return this.#op([path], async () => {
      const target = remotePath.resolve(await this.#ops.pwd({}), path);
      for (const dir of remotePath.ancestors(target)) {
        try {
          await this.#ops.cd(dir, {});
        } catch (error) {
          if (!(error instanceof FtpError) || error.code !== 'NOT_FOUND') throw error;
          await this.#ops.makeDir(dir, {});
          await this.#ops.cd(dir, {});
        }
      }
      if (target === '/') await this.#ops.cd('/', {});
    });
  }

  removeEmptyDir(path: string): Promise<void> {
    return this.#op([path], () => this.#ops.removeEmptyDir(path, {}));
  }

  remove(path: string): Promise<void> {
    return this.#op([path], () => this.#ops.remove(path, {}));
  }

  rename(from: string, to: string): Promise<void> {
    return this.#op([from, to], () => this.#ops.rename(from, to, {}));
  }

  downloadTo(destination: DownloadDestination, remote: string, options: DownloadOptions = {}): Promise<TransferResult> {
    let startAt: number;
    try {
      startAt = validate(startAtSchema, options.startAt ?? 0, 'download options');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#op([remote], async () => {
      const meter = this.#progress.meter(remote, 'download');
      const target = await openDestination(destination, startAt);
      let bytes: number;
      try {
        bytes = await this.#ops.download(remote, target.sink, {
          startAt,
          signal: options.signal,
          onTotal: (total) => meter.setTotal(total),
          onBytes: (n) => meter.add(n),
        });
      } finally {
        await target.finish();
      }
      return { bytes, durationMs: meter.elapsedMs };
    });
  }

  uploadFrom(source: UploadSource, remote: string, options: UploadOptions = {}): Promise<TransferResult> {
    return this.#upload(source, remote, options, false);
  }

  appendFrom(source: UploadSource, remote: string, options: UploadOptions = {}): Promise<TransferResult> {
    return this.#upload(source, remote, options, true);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#lock.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      try {
        if (!this.#ops.closed) await this.#ops.close({});
      } finally {
        this.#progress.complete();
      }
    });
  }

  #upload(source: UploadSource, remote: string, options: UploadOptions, append: boolean): Promise<TransferResult> {
    if (!(source instanceof Uint8Array) && typeof source !== 'string' && typeof source?.pipe !== 'function') {
      return Promise.reject(new FtpError('INVALID_ARGUMENT', 'invalid upload source: expected a path, a Readable or a Uint8Array'));
    }
    return this.#op([remote], async () => {
      const input = await openSource(source);
      const meter = this.#progress.meter(remote, 'upload', input.size);
      try {
        const bytes = await this.#ops.upload(remote, input, {
          append,
          totalBytes: input.size,
          signal: options.signal,
          onBytes: (n) => meter.add(n),
        });
        return { bytes, durationMs: meter.elapsedMs };
      } finally {
        await input.close();
      }
    });
  }

  /** Validates paths synchronously (nothing is queued or written for bad input), then runs under the lock. */
  #op<T>(paths: readonly string[], operation: () => Promise<T>): Promise<T> {
    try {
      for (const path of paths) validate(this.#path, path, 'remote path');
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.closed) return Promise.reject(this.#closedError());
    // Checked again when its turn comes: the session may have ended while the call waited.
    return this.#lock.run(() => (this.closed ? Promise.reject(this.#closedError()) : operation()));
  }

  #closedError(): FtpError {
    const reason = this.#ops.closed ? this.#ops.closedReason : undefined;
    return new FtpError('CLOSED', this.#retiredBecause ?? (reason ? `the FTP session is closed: ${reason}` : 'the FTP session is closed'));
  }
}
