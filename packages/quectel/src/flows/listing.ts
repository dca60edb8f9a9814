import { AtCommandError, FtpError } from '@cellftp/core';
import { commands, MODULE_FILES } from '../commands.js';
import { deleteModuleFile, readModuleFileBytes } from './module-file.js';
import { runFtp, type Link } from './runner.js';

/**
 * A directory listing (AN §2.11–2.13). Listings to `"COM:"` have no length
 * announced before the data, so the only way to frame them would be to look
 * for `OK` — which a file literally named `OK` (NLST) would break. The driver
 * therefore lists into a RAM file and reads it out length-framed.
 */
export async function fetchListing(link: Link, name: string, dir: string, signal?: AbortSignal): Promise<Buffer> {
  const local = MODULE_FILES.listing;
  try {
    const { fields } = await runFtp(link, { name, text: commands.listing(name, dir, local), signal });
    const size = Number(fields[1]);
    return size > 0 ? await readModuleFileBytes(link, local, size) : Buffer.alloc(0);
  } finally {
    await deleteModuleFile(link, local).catch(() => undefined);
  }
}

/** True when the module does not know a command spelling: plain `ERROR`, not `+CME ERROR`. */
export function unknownCommand(error: unknown): boolean {
  return error instanceof AtCommandError && error.final === 'ERROR';
}

/** True when the *server* lacks a listing command (500/502/504 or the matching 620/622/624). */
export function serverLacksCommand(error: unknown): boolean {
  if (!(error instanceof FtpError)) return false;
  return [500, 502, 504].includes(error.serverReply ?? 0) || [620, 622, 624].includes(error.vendorCode ?? 0);
}

/**
 * Tries each spelling of a command in turn, remembering the one that works:
 * `QFTPRENAME`/`QFTPNAME` and `QFTPNLST`/`QFTPNLIST` (README, known disagreements).
 */
export class Spellings {
  #order: string[];

  constructor(...names: string[]) {
    this.#order = names;
  }

  async run<T>(attempt: (name: string) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (const name of [...this.#order]) {
      try {
        const result = await attempt(name);
        this.#order = [name, ...this.#order.filter((n) => n !== name)];
        return result;
      } catch (error) {
        if (!unknownCommand(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }
}
