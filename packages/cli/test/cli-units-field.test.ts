import { FtpError } from '@cellftp/core';
import cliProgress from 'cli-progress';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBaud, STANDARD_BAUD_RATES } from '../src/baud.js';
import { silenceReport } from '../src/modem-open.js';
import { errorLine } from '../src/output/report.js';
import { Console } from '../src/output/streams.js';
import { parsePort } from '../src/port.js';
import { frameProgress, ProgressBoard } from '../src/progress.js';
import { sizeOrUndefined, sizeOrZero } from '../src/remote-size.js';
import { parseFtpTarget } from '../src/target.js';
import type { FtpSession } from '@cellftp/core';
import { Capture } from './support/in-process.js';

function sink(tty = false): { con: Console; err: Capture; out: Capture } {
  const out = new Capture();
  const err = new Capture(tty);
  return { con: new Console({ stdout: out, stderr: err, env: {} }), err, out };
}

describe('--port', () => {
  it('tcp://host:port and bare host:port open TCP; anything else is a device path', () => {
    expect(parsePort('tcp://127.0.0.1:7000')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 7000 });
    expect(parsePort('127.0.0.1:7000')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 7000 });
    expect(parsePort('localhost:23')).toEqual({ kind: 'tcp', host: 'localhost', port: 23 });
    expect(parsePort('tcp://[::1]:7000')).toEqual({ kind: 'tcp', host: '::1', port: 7000 });
    expect(parsePort('/dev/ttyUSB2')).toEqual({ kind: 'serial', path: '/dev/ttyUSB2' });
    expect(parsePort('COM3')).toEqual({ kind: 'serial', path: 'COM3' });
    expect(() => parsePort('tcp://127.0.0.1:70000')).toThrow('TCP port must be 1–65535');
    expect(() => parsePort('rfc2217://127.0.0.1:7000')).toThrow('only tcp://host:port URLs');
  });
});

describe('--baud', () => {
  it('takes the standard rates and lists them for anything else', () => {
    expect(parseBaud('921600')).toBe(921600);
    expect(() => parseBaud('12345')).toThrow(`--baud 12345 is not a standard serial rate; use one of ${STANDARD_BAUD_RATES.join(', ')}`);
    expect(STANDARD_BAUD_RATES).toContain(115200);
  });
  it('a silent port and a garbage-spewing one are told apart, with the time waited', () => {
    const silent = silenceReport({ kind: 'serial', path: '/dev/ttyUSB2' }, 115200, 6240, 0, '');
    expect(silent).toBe(
      'no AT answer from /dev/ttyUSB2 at 115200 baud after 6.2 s: nothing at all came back. Is the module powered and is this its AT port (not the NMEA or modem-data port)? Is ModemManager holding it? See docs/hardware.md.',
    );
    const garbage = silenceReport({ kind: 'serial', path: '/dev/ttyUSB2' }, 9600, 6000, 37, 'first bytes fe 00');
    expect(garbage).toContain('after 6.0 s, but 37 bytes that were no AT answer came back (first bytes fe 00)');
    expect(garbage).toContain('wrong --baud');
    expect(garbage).toContain(`Standard rates: ${STANDARD_BAUD_RATES.join(', ')}.`);
  });
});

describe('URLs and redaction', () => {
  it('a line break inside a URL is refused, not silently removed', () => {
    expect(() => parseFtpTarget('ftp://u:pw@127.0.0.1/fw/a\nb.bin', {})).toThrow('the URL contains a control character ("\\n" at position 26)');
    expect(() => parseFtpTarget('ftp://127.0.0.1/a\tb', {})).toThrow('control character');
  });

  it('a short password is redacted in URL fields and trace lines only, not as a substring of everything', () => {
    const { con, err } = sink();
    con.secret('p');
    con.err('cannot open /dev/none: ftp://u:p@127.0.0.1/ refused');
    con.trace('12:00:00.000 tx command AT+FTPPW="p"');
    con.secret('P');
    con.trace('12:00:00.001 tx command AT+QFTPCFG="account","user","P"');
    con.trace('12:00:00.002 tx command AT+QFTPOPEN="ftp.example.com",21');
    expect(err.text).toBe(
      'cannot open /dev/none: ftp://u:***@127.0.0.1/ refused\n' +
        '12:00:00.000 tx command AT+FTPPW="***"\n' +
        '12:00:00.001 tx command AT+QFTPCFG="account","user","***"\n' +
        '12:00:00.002 tx command AT+QFTPOPEN="ftp.example.com",21\n',
    );
  });

  it('a long password is blanked wherever it appears, plain and URL-encoded', () => {
    const { con, out } = sink();
    con.secret('p@ss word!');
    con.out('a p@ss word! b p%40ss%20word! c');
    expect(out.text).toBe('a *** b *** c\n');
  });

  it('prints each code once when the message already names it', () => {
    const doubled = new FtpError('AUTH_FAILED', 'AT+QFTPOPEN: login failed (625, server replied 530)', { vendorCode: 625, serverReply: 530 });
    expect(errorLine(doubled)).toBe('AUTH_FAILED: AT+QFTPOPEN: login failed (625, server replied 530)');
    const bare = new FtpError('NOT_FOUND', 'AT+FTPSIZE: no such file', { vendorCode: 77, serverReply: 550 });
    expect(errorLine(bare)).toBe('NOT_FOUND: AT+FTPSIZE: no such file (vendor code 77, server reply 550)');
    // 550 inside 5500 is not a mention of 550.
    expect(errorLine(new FtpError('SERVER', 'reply 5500', { serverReply: 550 }))).toBe('SERVER: reply 5500 (server reply 550)');
  });
});

describe('progress', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts a resumed transfer from its offset against the whole file', () => {
    const p = { remotePath: '/fw.bin', direction: 'download' as const, bytes: 500, totalBytes: 4000, bytesPerSecond: 100 };
    expect(frameProgress(p, 5000, 1000)).toEqual({ ...p, bytes: 1500, totalBytes: 5000 });
    const unknown = { remotePath: '/fw.bin', direction: 'download' as const, bytes: 500, bytesPerSecond: 100 };
    expect(frameProgress(unknown, undefined, 0)).toEqual(unknown);
    expect(frameProgress(unknown, 5000, 0)).toEqual({ ...unknown, totalBytes: 5000 });
  });

  it('while bars are up, stderr lines go through cli-progress log (printed above the bars), and back to stderr after stop', () => {
    const log = vi.spyOn(cliProgress.MultiBar.prototype, 'log');
    const { con, err } = sink(true);
    const board = new ProgressBoard(con, true);
    con.err('a note');
    con.trace('12:00:00.000 rx line OK');
    expect(log.mock.calls).toEqual([['a note\n'], ['12:00:00.000 rx line OK\n']]);
    board.stop();
    const before = err.text.length;
    con.err('after');
    expect(err.text.slice(before)).toBe('after\n');
    expect(log).toHaveBeenCalledTimes(2);
  });
});

describe('remote sizes', () => {
  const answering = (result: () => Promise<number>): FtpSession => ({ size: result }) as unknown as FtpSession;

  it('a server that refuses SIZE gives no total; a missing file still fails', async () => {
    expect(await sizeOrUndefined(answering(async () => 42), '/a')).toBe(42);
    expect(await sizeOrUndefined(answering(() => Promise.reject(new FtpError('UNSUPPORTED', 'SIZE refused'))), '/a')).toBeUndefined();
    await expect(sizeOrUndefined(answering(() => Promise.reject(new FtpError('NOT_FOUND', 'no such file'))), '/a')).rejects.toThrow('no such file');
    await expect(sizeOrUndefined(answering(() => Promise.reject(new FtpError('TIMEOUT', 'late'))), '/a')).rejects.toThrow('late');
  });

  it('an upload target that does not exist yet has size 0', async () => {
    expect(await sizeOrZero(answering(() => Promise.reject(new FtpError('NOT_FOUND', 'no such file'))), '/a')).toBe(0);
    await expect(sizeOrZero(answering(() => Promise.reject(new FtpError('AUTH_FAILED', 'no'))), '/a')).rejects.toThrow('no');
  });
});
