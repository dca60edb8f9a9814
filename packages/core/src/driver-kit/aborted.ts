import { FtpError } from '../errors/ftp-error.js';

/**
 * The one error an aborted transfer rejects with, on every vendor. It names
 * the exact number of bytes that moved, so the caller can resume with
 * `startAt` at the right byte (downloads) or append from there (uploads).
 *
 * @example
 * throw abortedError('download of fw.bin', 4096); // "download of fw.bin: aborted after 4096 bytes; resume with startAt: 4096"
 */
export function abortedError(what: string, bytes: number, command?: string, cause?: unknown): FtpError {
  return new FtpError('ABORTED', `${what}: aborted after ${bytes} bytes; resume with startAt: ${bytes}`, {
    ...(command !== undefined ? { command } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** Throws {@link abortedError} when `signal` has fired. */
export function checkAborted(signal: AbortSignal | undefined, what: string, bytes = 0): void {
  if (signal?.aborted) throw abortedError(what, bytes);
}
