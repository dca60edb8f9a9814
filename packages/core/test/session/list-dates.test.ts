import { describe, expect, it } from 'vitest';
import { parseListing, parseListTime } from '../../src/session/listing.js';

const NOW = new Date('2026-12-02T03:30:00Z');

describe('LIST dates (ls shows what the server said)', () => {
  it('a recent Unix line has no year: the latest year not more than a day ahead of now', () => {
    expect(parseListTime('Dec  2 03:21', NOW)?.toISOString()).toBe('2026-12-02T03:21:00.000Z');
    expect(parseListTime('Dec  3 01:00', NOW)?.toISOString()).toBe('2026-12-03T01:00:00.000Z');
    // Ten days ahead cannot be this year's: it is last December's.
    expect(parseListTime('Dec 12 10:00', NOW)?.toISOString()).toBe('2025-12-12T10:00:00.000Z');
    expect(parseListTime('Jan 15 2024', NOW)?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
  });

  it('DOS/IIS lines, two- and four-digit years, AM/PM', () => {
    expect(parseListTime('12-02-26 03:21AM', NOW)?.toISOString()).toBe('2026-12-02T03:21:00.000Z');
    expect(parseListTime('02-28-99 11:59PM', NOW)?.toISOString()).toBe('1999-02-28T23:59:00.000Z');
    expect(parseListTime('12-02-2026 12:05AM', NOW)?.toISOString()).toBe('2026-12-02T00:05:00.000Z');
    expect(parseListTime('12-02-2026 12:05PM', NOW)?.toISOString()).toBe('2026-12-02T12:05:00.000Z');
  });

  it('nonsense stays undated instead of rolling over', () => {
    expect(parseListTime('Feb 31 10:00', NOW)).toBeUndefined();
    expect(parseListTime('Foo  1 10:00', NOW)).toBeUndefined();
    expect(parseListTime(undefined, NOW)).toBeUndefined();
  });

  it('parseListing dates LIST entries; MLSD keeps its exact modify fact', () => {
    const [unix, dos, mlsd] = [
      parseListing('-rw-r--r-- 1 ftp ftp 49152 Dec  2 03:21 up.bin', NOW)[0],
      parseListing('12-02-26  03:21AM                49152 up.bin', NOW)[0],
      parseListing('type=file;size=3;modify=20261202032159; a.bin', NOW)[0],
    ];
    expect(unix).toMatchObject({ name: 'up.bin', size: 49152, modifiedAt: new Date('2026-12-02T03:21:00Z') });
    expect(dos).toMatchObject({ name: 'up.bin', size: 49152, modifiedAt: new Date('2026-12-02T03:21:00Z') });
    expect(mlsd?.modifiedAt?.toISOString()).toBe('2026-12-02T03:21:59.000Z');
  });
});
