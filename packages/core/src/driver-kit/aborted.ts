import { FtpError } from '../errors/ftp-error.js';

/**
 * The one error an aborted transfer rejects with, on every vendor. It names
 * the exact number of bytes that moved in this call; for a download that
 * began at `startAt`, it also names the offset to resume from
 * (`startAt + bytes`). An upload resumes with `appendFrom`.
 *
 * @example
 * throw abortedError('download of fw.bin', 4096, undefined, undefined, 1000);
 * // "download of fw.bin: aborted after 4096 bytes; resume with startAt: 5096"
 */
export function abortedError(what: string, bytes: number, command?: string, cause?: unknown, startAt?: number): FtpError {
  const resume = startAt !== undefined ? `; resume with startAt: ${startAt + bytes}` : '';
  return new FtpError('ABORTED', `${what}: aborted after ${bytes} bytes${resume}`, {
    ...(command !== undefined ? { command } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** Throws {@link abortedError} when `signal` has fired. */
export function checkAborted(signal: AbortSignal | undefined, what: string, bytes = 0, startAt?: number): void {
  if (signal?.aborted) throw abortedError(what, bytes, undefined, undefined, startAt);
}
