import { FtpError } from '@cellftp/core';
import { describe, expect, it } from 'vitest';
import { efficiency, renderSummary } from '../src/demo/summary.js';
import { CliError, EXIT, exitCodeFor } from '../src/exit-codes.js';
import { Console } from '../src/output/streams.js';
import { renderTable } from '../src/output/table.js';
import { parseFtpTarget, redactUrl, resolveRemote } from '../src/target.js';

describe('parseFtpTarget', () => {
  it('takes everything from the URL, decoding user, password and path', () => {
    expect(parseFtpTarget('ftp://a%40b:p%3Ass@127.0.0.1:2121/dir%20x/f.bin', {})).toEqual({
      host: '127.0.0.1', port: 2121, user: 'a@b', password: 'p:ss', secure: false, path: '/dir x/f.bin',
    });
  });
  it('reads the password from CELLFTP_PASSWORD when the URL has none; the URL wins otherwise', () => {
    expect(parseFtpTarget('ftp://u@127.0.0.1/', { CELLFTP_PASSWORD: 'env' }).password).toBe('env');
    expect(parseFtpTarget('ftp://u:url@127.0.0.1/', { CELLFTP_PASSWORD: 'env' }).password).toBe('url');
  });
  it('defaults: anonymous login, port 21, path /; ftps:// is implicit TLS on 990', () => {
    expect(parseFtpTarget('ftp://127.0.0.1', {})).toMatchObject({ user: 'anonymous', port: 21, path: '/' });
    expect(parseFtpTarget('ftps://u@127.0.0.1/', {})).toMatchObject({ secure: 'implicit', port: 990 });
    expect(parseFtpTarget('ftp://u@127.0.0.1/', {}, 'explicit')).toMatchObject({ secure: 'explicit', port: 21 });
  });
  it('refuses what is not an FTP URL as a usage error', () => {
    for (const bad of ['nope', 'http://127.0.0.1/', 'ftp://']) {
      expect(() => parseFtpTarget(bad, {})).toThrow(CliError);
    }
    expect(() => parseFtpTarget('ftps://u@127.0.0.1/', {}, 'explicit')).toThrow(/implicit/);
  });
  it('redacts passwords in URLs shown to the user', () => {
    expect(redactUrl('ftp://u:secret@h/x')).toBe('ftp://u:***@h/x');
  });
  it('resolves a relative rename target in the source directory', () => {
    expect(resolveRemote('/a/b.txt', 'c.txt')).toBe('/a/c.txt');
    expect(resolveRemote('/a/b.txt', '/z/c.txt')).toBe('/z/c.txt');
    expect(resolveRemote('b.txt', 'c.txt')).toBe('/c.txt');
  });
});

describe('exitCodeFor', () => {
  it('maps neutral codes and phases onto the documented exit codes', () => {
    expect(exitCodeFor(new FtpError('NOT_FOUND', 'x'), 'ftp')).toBe(EXIT.FTP);
    expect(exitCodeFor(new FtpError('AUTH_FAILED', 'x'), 'ftp')).toBe(EXIT.FTP);
    expect(exitCodeFor(new FtpError('TIMEOUT', 'x'), 'modem')).toBe(EXIT.MODEM);
    expect(exitCodeFor(new FtpError('MODEM', 'x'), 'ftp')).toBe(EXIT.MODEM);
    expect(exitCodeFor(new FtpError('INVALID_ARGUMENT', 'x'), 'ftp')).toBe(EXIT.USAGE);
    expect(exitCodeFor(new FtpError('ABORTED', 'x'), 'ftp')).toBe(EXIT.INTERRUPTED);
    expect(exitCodeFor(new Error('bug'), 'ftp')).toBe(EXIT.INTERNAL);
  });
});

describe('output', () => {
  it('the console scrubs registered secrets, plain and URL-encoded', () => {
    let written = '';
    const sink = { write: (t: string) => ((written += t), true) } as unknown as NodeJS.WritableStream;
    const con = new Console({ stdout: sink, stderr: sink, env: {} });
    con.secret('p@ss word');
    con.out('a p@ss word b p%40ss%20word c');
    expect(written).toBe('a *** b *** c\n');
  });
  it('renders aligned tables and the demo summary with efficiency against the line rate', () => {
    expect(renderTable(['a', 'n'], [['x', '1'], ['yy', '22']], new Set([1]))).toBe('a    n\n--  --\nx    1\nyy  22');
    expect(efficiency(92_160, 1000, 921_600)).toBeCloseTo(1);
    const text = renderSummary([{ vendor: 'quectel', model: 'EC25', result: { bytesUp: 1024, bytesDown: 1024, upMs: 100, downMs: 200, listedSize: 1024, sha256Sent: 'a', sha256Received: 'a', match: true } }], 115200);
    expect(text).toMatch(/quectel\s+EC25\s+1\.0 KiB\s+1\.0 KiB\s+match\s+10\.0 KiB\/s\s+5\.0 KiB\/s\s+89 %\s+44 %/);
  });
});
