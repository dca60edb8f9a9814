import { describe, expect, it } from 'vitest';
import { parseFtpTime, parseListing } from '../../src/session/listing.js';

describe('parseListing', () => {
  it('parses Unix LIST lines and keeps each raw line', () => {
    const raw = 'total 8\r\ndrwxr-xr-x 2 ftp ftp 4096 Mar 19 13:31 logs\r\n-rw-r--r-- 1 ftp ftp 8807854 Mar 19 13:31 fw.bin\r\n';
    // The date the line gives is kept (issue 15: `ls` showed "-"); its year is the latest not in the future.
    const modifiedAt = new Date(Date.UTC(2026, 2, 19, 13, 31));
    expect(parseListing(raw, new Date('2026-12-02T00:00:00Z'))).toEqual([
      { name: 'logs', type: 'directory', size: 4096, modifiedAt, raw: 'drwxr-xr-x 2 ftp ftp 4096 Mar 19 13:31 logs' },
      { name: 'fw.bin', type: 'file', size: 8807854, modifiedAt, raw: '-rw-r--r-- 1 ftp ftp 8807854 Mar 19 13:31 fw.bin' },
    ]);
  });

  it('parses DOS and MLSD formats', () => {
    const dos = parseListing('04-27-20  09:09PM       <DIR>          logs\r\n04-27-20  09:09PM                 1024 a.bin\r\n');
    expect(dos.map((e) => [e.name, e.type, e.size])).toEqual([['logs', 'directory', undefined], ['a.bin', 'file', 1024]]);
    const mlsd = parseListing('type=cdir;modify=20200101000000; .\r\ntype=file;size=512;modify=20240102030405; x y.bin\r\n');
    expect(mlsd).toHaveLength(1);
    expect(mlsd[0]).toMatchObject({ name: 'x y.bin', type: 'file', size: 512, modifiedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) });
  });

  it('parses both MDTM spellings as UTC', () => {
    expect(parseFtpTime('20140409060951')).toEqual(new Date(Date.UTC(2014, 3, 9, 6, 9, 51)));
    expect(parseFtpTime('2014/04/09 06:09:51')).toEqual(new Date(Date.UTC(2014, 3, 9, 6, 9, 51)));
    expect(parseFtpTime('20140409060951.123')?.getUTCMilliseconds()).toBe(123);
    expect(parseFtpTime('garbage')).toBeUndefined();
  });
});
