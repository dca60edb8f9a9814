import type { FileInfo } from '@cellftp/core';

/** `262144` → `256.0 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Bytes per second as `86.3 KiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** One `ls -l`-like line: type, size, UTC time, name. */
export function formatFileInfo(entry: FileInfo): string {
  const type = entry.type === 'directory' ? 'd' : entry.type === 'symlink' ? 'l' : entry.type === 'file' ? '-' : '?';
  const size = entry.size === undefined ? '-' : String(entry.size);
  const when = entry.modifiedAt ? entry.modifiedAt.toISOString().slice(0, 16).replace('T', ' ') : '-'.padEnd(16);
  return `${type} ${size.padStart(12)}  ${when}  ${entry.name}`;
}

/** A `FileInfo` as plain JSON (ISO date, no raw line). */
export function fileInfoJson(entry: FileInfo): Record<string, unknown> {
  return {
    name: entry.name,
    type: entry.type,
    size: entry.size ?? null,
    modifiedAt: entry.modifiedAt?.toISOString() ?? null,
  };
}
