import { FtpError, type OperationRunner } from '@cellftp/core';
import { commands } from '../commands.js';
import { deleteModuleFile, readModuleFileBytes } from './module-file.js';

/**
 * A directory listing (AN §2.11–2.13). Listings to `"COM:"` have no length
 * announced before the data, so the only way to frame them would be to look
 * for `OK` — which a file literally named `OK` (NLST) would break. The driver
 * therefore lists into a module file (`local`, on the profile's listing
 * drive) and reads it out length-framed.
 */
export async function fetchListing(runner: OperationRunner, name: string, dir: string, local: string, signal?: AbortSignal): Promise<Buffer> {
  try {
    const { values } = await runner.run({ ...commands.listing(name, dir, local), signal });
    const size = Number(values[0]);
    return size > 0 ? await readModuleFileBytes(runner, local, size) : Buffer.alloc(0);
  } finally {
    await deleteModuleFile(runner, local).catch(() => undefined);
  }
}

/** True when the *server* lacks a listing command (500/502/504 or the matching 620/622/624). */
export function serverLacksCommand(error: unknown): boolean {
  if (!(error instanceof FtpError)) return false;
  return [500, 502, 504].includes(error.serverReply ?? 0) || [620, 622, 624].includes(error.vendorCode ?? 0);
}
