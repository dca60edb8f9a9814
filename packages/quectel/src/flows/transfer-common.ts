import { FtpError, urcFields } from '@cellftp/core';
import { commands } from '../commands.js';
import { runFtp, type Link } from './runner.js';

/** `AT+QFTPSIZE` (AN §2.7) → bytes. */
export async function remoteSize(link: Link, path: string, signal?: AbortSignal): Promise<number> {
  const { fields, response } = await runFtp(link, { name: 'QFTPSIZE', text: commands.size(path), signal });
  const size = Number(fields[1]);
  if (!Number.isSafeInteger(size) || size < 0) throw new FtpError('PROTOCOL', `${response.command}: bad size in ${response.resultUrc}`);
  return size;
}

/**
 * `AT+QFTPLEN` (AN §2.16) cross-check: the module's count of the last
 * transfer must be what the driver streamed. Firmware counts either the last
 * ranged call or the whole transfer, so both are accepted.
 */
export async function crossCheckLength(link: Link, lastChunk: number, total: number): Promise<void> {
  const { fields, response } = await runFtp(link, { name: 'QFTPLEN', text: commands.len });
  const n = Number(urcFields(response.resultUrc ?? '')[1] ?? fields[1]);
  if (n !== lastChunk && n !== total) {
    throw new FtpError('PROTOCOL', `${response.command}: module reports ${n} bytes transferred, the driver streamed ${total} (last part ${lastChunk})`);
  }
}

/** The error of a transfer the caller's AbortSignal ended (between chunks, or mid-range by `+++`). */
export function abortedAfter(what: string, bytes: number): FtpError {
  return new FtpError('ABORTED', `${what}: aborted after ${bytes} bytes; the session is still usable`);
}
