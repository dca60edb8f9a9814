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
 * basic-ftp dates only MLSD entries; LIST dates are read here (see
 * {@link parseListTime}), with `now` deciding the year `ls -l` leaves out.
 */
export function parseListing(raw: string, now: Date = new Date()): FileInfo[] {
  const entries: FileInfo[] = [];
  for (const line of raw.split(/\r?\n|\r/)) {
    if (line.trim() === '') continue;
    // Line by line, so each entry keeps the server's own line in `raw`.
    const entry = parseOne(line);
    if (!entry || entry.name === '.' || entry.name === '..') continue;
    const info: FileInfo = { name: entry.name, type: TYPES[entry.type] ?? 'unknown', raw: line };
    if (entry.type !== FileType.Directory || entry.size > 0) info.size = entry.size;
    const modifiedAt = entry.modifiedAt ?? parseListTime(entry.rawModifiedAt, now);
    if (modifiedAt) info.modifiedAt = modifiedAt;
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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The date of a LIST line, as UTC (a LIST carries no zone; servers mostly run
 * on UTC, and a listing is for people, MDTM is exact):
 * - Unix `Dec  2 03:21` (recent: `ls -l` omits the year, which is the latest
 *   one that does not put the date more than a day in the future of `now`),
 *   `Jan 15  2024` (older: midnight);
 * - DOS/IIS `12-02-26 03:21AM` (two-digit years from 1970 to 2069) or `12-02-2026 03:21PM`.
 */
export function parseListTime(text: string | undefined, now: Date = new Date()): Date | undefined {
  if (!text) return undefined;
  const unix = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/.exec(text.trim());
  if (unix) {
    const month = MONTHS.indexOf((unix[1] as string).toLowerCase());
    if (month < 0) return undefined;
    const day = Number(unix[2]);
    if (unix[5] !== undefined) return valid(Date.UTC(Number(unix[5]), month, day), month, day);
    const at = (year: number): number => Date.UTC(year, month, day, Number(unix[3]), Number(unix[4]));
    let year = now.getUTCFullYear();
    if (at(year) > now.getTime() + 86_400_000) year -= 1;
    return valid(at(year), month, day);
  }
  const dos = /^(\d{2})-(\d{2})-(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?$/.exec(text.trim());
  if (dos) {
    const month = Number(dos[1]) - 1;
    const day = Number(dos[2]);
    const y = Number(dos[3]);
    const year = (dos[3] as string).length === 4 ? y : y < 70 ? 2000 + y : 1900 + y;
    let hour = Number(dos[4]) % (dos[6] ? 12 : 24);
    if (dos[6] && /p/i.test(dos[6])) hour += 12;
    return valid(Date.UTC(year, month, day, hour, Number(dos[5])), month, day);
  }
  return undefined;
}

/** Rejects dates that rolled over (`Feb 31` would otherwise become `Mar 3`). */
function valid(ms: number, month: number, day: number): Date | undefined {
  const date = new Date(ms);
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date : undefined;
}

/** basic-ftp throws on a line in no known format (e.g. `total 12`); such lines carry no entry. */
function parseOne(line: string): ReturnType<typeof parseList>[number] | undefined {
  try {
    return parseList(line)[0];
  } catch {
    return undefined;
  }
}
