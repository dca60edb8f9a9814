/**
 * Example (c): a directory listing.
 *
 *   node --conditions=source --import tsx examples/list-directory.ts [EC25|SIM7080G]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileInfo, FtpSession } from '@cellftp/core';
import { modelFromArgs, runIfMain, withEmulator } from './emulator-rig.js';

/** Lists `path`, directories first, then by name. */
export async function listDirectory(ftp: FtpSession, path: string): Promise<FileInfo[]> {
  const entries = await ftp.list(path);
  return entries.sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
}

/** One line per entry, like `ls -l` without owners. */
export function formatEntry(entry: FileInfo): string {
  const kind = entry.type === 'directory' ? 'dir ' : entry.type === 'file' ? 'file' : entry.type;
  return `${kind}  ${String(entry.size ?? '').padStart(8)}  ${entry.name}`;
}

async function main(): Promise<void> {
  await withEmulator(modelFromArgs(), async ({ server, openFtp }) => {
    // Something to list: files put on the server's disk directly.
    await mkdir(join(server.root, 'reports', 'archive'), { recursive: true });
    await writeFile(join(server.root, 'reports', 'march.csv'), 'a,b\n1,2\n');
    await writeFile(join(server.root, 'reports', 'april.csv'), 'a,b\n3,4\n5,6\n');
    const ftp = await openFtp();
    for (const entry of await listDirectory(ftp, '/reports')) console.log(formatEntry(entry));
    await ftp.close();
  });
}

runIfMain(import.meta.url, main);
