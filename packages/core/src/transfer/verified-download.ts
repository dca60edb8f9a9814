import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { FtpError, type FtpErrorCode } from '../errors/ftp-error.js';
import type { FtpSession } from '../session/types.js';

/** Options of {@link downloadVerified}. */
export interface VerifiedDownloadOptions {
  /** Expected sha256 of the whole file, hex (case-insensitive). Required: nothing is declared good unverified. */
  sha256: string;
  /** Expected size in bytes; default: the server's `size()`. */
  size?: number;
  /** Attempts after the first (default 5). */
  retries?: number;
  /** First back-off delay, doubled after each failed attempt (default 1000 ms). */
  backoffMs?: number;
  /** Longest back-off delay (default 30 000 ms). */
  maxBackoffMs?: number;
  /** Where the bytes gather until verified; default `<destination>.cellftp-part`. Kept between calls to resume. */
  tempPath?: string;
  signal?: AbortSignal;
  /** Called before each retry with the error that caused it. */
  onRetry?: (info: { attempt: number; error: FtpError; delayMs: number; resumeAt: number }) => void;
}

/** What {@link downloadVerified} resolves to. */
export interface VerifiedDownloadResult {
  bytes: number;
  sha256: string;
  /** Attempts it took (1 = no retry). */
  attempts: number;
}

/** Failures that a retry cannot cure. */
const FINAL: ReadonlySet<FtpErrorCode> = new Set(['INVALID_ARGUMENT', 'NOT_FOUND', 'AUTH_FAILED', 'ABORTED', 'UNSUPPORTED', 'TLS']);

/**
 * Downloads `remotePath` to the local `destination` so that the destination
 * only ever holds a verified file: bytes go to a temporary file, an
 * interrupted transfer resumes from what it holds (`startAt`), failures are
 * retried with exponential back-off (reopening the session when it reports
 * itself closed, if `session` is a function), and the file is renamed into
 * place only after its size and sha256 match.
 *
 * @example
 * await downloadVerified(() => modem.ftp(options), 'fw/app-2.1.bin', './app.bin', {
 *   sha256: 'e3b0c442…', retries: 8,
 * });
 */
export async function downloadVerified(
  session: FtpSession | (() => Promise<FtpSession>),
  remotePath: string,
  destination: string,
  options: VerifiedDownloadOptions,
): Promise<VerifiedDownloadResult> {
  const expected = options.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new FtpError('INVALID_ARGUMENT', 'downloadVerified: sha256 must be 64 hex digits');
  const retries = options.retries ?? 5;
  const temp = options.tempPath ?? `${destination}.cellftp-part`;
  if (temp === destination) throw new FtpError('INVALID_ARGUMENT', 'downloadVerified: tempPath must differ from the destination');
  let ftp = typeof session === 'function' ? undefined : session;
  for (let attempt = 1; ; attempt++) {
    try {
      if (options.signal?.aborted) throw new FtpError('ABORTED', `download of ${remotePath}: aborted`);
      if (!ftp || ftp.closed) {
        if (typeof session !== 'function') throw new FtpError('CLOSED', `download of ${remotePath}: the FTP session is closed; pass a function that opens one to let downloadVerified reopen it`);
        ftp = await session();
      }
      const size = options.size ?? (await ftp.size(remotePath));
      let have = await fileSize(temp);
      // More than the file holds: not a prefix of it, start over.
      if (have > size) {
        await rm(temp, { force: true });
        have = 0;
      }
      if (have < size || size === 0) await ftp.downloadTo(temp, remotePath, { startAt: have, ...(options.signal ? { signal: options.signal } : {}) });
      const got = await fileSize(temp);
      if (got !== size) throw new FtpError('PROTOCOL', `download of ${remotePath}: ${got} bytes on disk, ${size} expected`);
      const digest = await sha256File(temp);
      if (digest !== expected) {
        // A wrong byte somewhere: resuming cannot repair it.
        await rm(temp, { force: true });
        throw new FtpError('PROTOCOL', `download of ${remotePath}: sha256 ${digest} does not match the expected ${expected}`);
      }
      await rename(temp, destination);
      return { bytes: size, sha256: digest, attempts: attempt };
    } catch (caught) {
      const error = caught instanceof FtpError ? caught : new FtpError('MODEM', String(caught), { cause: caught });
      const closedForGood = error.code === 'CLOSED' && typeof session !== 'function';
      if (FINAL.has(error.code) || closedForGood || attempt > retries) throw error;
      const delayMs = Math.min(options.maxBackoffMs ?? 30_000, (options.backoffMs ?? 1000) * 2 ** (attempt - 1));
      options.onRetry?.({ attempt, error, delayMs, resumeAt: await fileSize(temp) });
      await sleep(delayMs, options.signal);
    }
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FtpError('ABORTED', 'downloadVerified: aborted'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new FtpError('ABORTED', 'downloadVerified: aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
