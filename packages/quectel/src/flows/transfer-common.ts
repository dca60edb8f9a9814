import { FtpError, type OperationRunner } from '@cellftp/core';
import { commands } from '../commands.js';

/** `AT+QFTPSIZE` (AN §2.7) → bytes. */
export async function remoteSize(runner: OperationRunner, path: string, signal?: AbortSignal): Promise<number> {
  const { values, response } = await runner.run({ ...commands.size(path), signal });
  const size = Number(values[0]);
  if (!Number.isSafeInteger(size) || size < 0) throw new FtpError('PROTOCOL', `${response.command}: bad size in ${response.resultUrc}`);
  return size;
}

/**
 * `AT+QFTPLEN` (AN §2.16) cross-check: the module's count of the last
 * transfer must be what the driver streamed. Firmware counts either the last
 * ranged call or the whole transfer, so both are accepted.
 */
export async function crossCheckLength(runner: OperationRunner, lastChunk: number, total: number): Promise<void> {
  const { values, response } = await runner.run(commands.len);
  const n = Number(values[0]);
  if (n !== lastChunk && n !== total) {
    throw new FtpError('PROTOCOL', `${response.command}: module reports ${n} bytes transferred, the driver streamed ${total} (last part ${lastChunk})`);
  }
}

/** Adds where a failed transfer stopped to its message. */
export function annotate(error: unknown, note: string): unknown {
  if (error instanceof FtpError) error.message = `${error.message} (${note})`;
  return error;
}
