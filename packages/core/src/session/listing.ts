import { FileType, parseList } from 'basic-ftp';
import type { FileInfo } from './types.js';

const TYPES: Record<number, FileInfo['type']> = {
  [FileType.File]: 'file',
  [FileType.Directory]: 'directory',
  [FileType.SymbolicLink]: 'symlink',
  [FileType.Unknown]: 'unknown',
};

/**
 * Parses a raw directory listing as a server sent it (MLSD facts, Unix
 * `ls -l` or DOS/IIS format) using basic-ftp's parsers, so we share their
 * years of server quirks instead of writing our own. `.` and `..` are dropped.
 */
export function parseListing(raw: string): FileInfo[] {
  const entries: FileInfo[] = [];
  for (const line of raw.split(/\r?\n|\r/)) {
    if (line.trim() === '') continue;
    // Line by line, so each entry keeps the server's own line in `raw`.
    const entry = parseOne(line);
    if (!entry || entry.name === '.' || entry.name === '..') continue;
    const info: FileInfo = { name: entry.name, type: TYPES[entry.type] ?? 'unknown', raw: line };
    if (entry.type !== FileType.Directory || entry.size > 0) info.size = entry.size;
    if (entry.modifiedAt) info.modifiedAt = entry.modifiedAt;
    entries.push(info);
  }
  return entries;
}

/**
 * Parses an FTP modification time: `YYYYMMDDhhmmss[.sss]` (MDTM, RFC 3659),
 * also with separators as some modules print it. Always UTC.
 */
export function parseFtpTime(text: string): Date | undefined {
  const digits = text.replace(/[^0-9.]/g, '');
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?/.exec(digits);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms ? +ms.padEnd(3, '0') : 0));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** basic-ftp throws on a line in no known format (e.g. `total 12`); such lines carry no entry. */
function parseOne(line: string): ReturnType<typeof parseList>[number] | undefined {
  try {
    return parseList(line)[0];
  } catch {
    return undefined;
  }
}
