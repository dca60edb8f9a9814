import { FtpError, type FtpSession } from '@cellftp/core';

/** Codes with which a server or module refuses SIZE itself, rather than saying something about the file. */
const SIZE_REFUSED = new Set(['UNSUPPORTED', 'SERVER', 'PROTOCOL']);

/**
 * The remote file's size, or `undefined` when the server will not say (some
 * refuse SIZE): a transfer then goes ahead without a total. `NOT_FOUND` and
 * every other failure still fail, so a missing file is reported before a byte moves.
 */
export async function sizeOrUndefined(ftp: FtpSession, path: string): Promise<number | undefined> {
  try {
    return await ftp.size(path);
  } catch (error) {
    if (error instanceof FtpError && SIZE_REFUSED.has(error.code)) return undefined;
    throw error;
  }
}

/** The remote file's size; 0 when it does not exist yet (a fresh upload). */
export async function sizeOrZero(ftp: FtpSession, path: string): Promise<number> {
  try {
    return await ftp.size(path);
  } catch (error) {
    if (error instanceof FtpError && error.code === 'NOT_FOUND') return 0;
    throw error;
  }
}
