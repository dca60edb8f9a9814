import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { usageError } from './exit-codes.js';

/**
 * Local paths are checked before the modem is touched: a typo in a file name
 * must cost nothing on the cellular link and exit 2 (usage), not surface
 * after a login as an internal error.
 */

/** A readable regular file to upload (or a `--ca` file); resolves to its size. */
export async function requireReadableFile(path: string, what: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw usageError(`${what} ${path}: ${reason(error)}`);
  }
  if (!info.isFile()) throw usageError(`${what} ${path}: not a regular file`);
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw usageError(`${what} ${path}: ${reason(error)}`);
  }
  return info.size;
}

/**
 * Where a download goes: `local` as given, inside it when it is a directory
 * (as `cp` does), the remote name in the current directory when omitted. Its
 * directory must exist and be writable.
 */
export async function resolveDownloadTarget(local: string | undefined, remotePath: string): Promise<string> {
  const remoteName = basename(remotePath) || 'download.bin';
  let destination = local ?? remoteName;
  if (await isDirectory(destination)) destination = join(destination, remoteName);
  const dir = dirname(destination);
  if (!(await isDirectory(dir))) throw usageError(`local directory ${dir} does not exist`);
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw usageError(`local directory ${dir}: ${reason(error)}`);
  }
  return destination;
}

/** The size of a local file, or `undefined` when there is none. */
export async function sizeIfExists(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
