import { describe, expect, it } from 'vitest';
import { codeTable } from '../../src/driver-kit/code-table.js';
import { fieldResult } from '../../src/driver-kit/result-shape.js';
import { abortedError, checkAborted } from '../../src/driver-kit/aborted.js';

describe('fieldResult', () => {
  const qsize = fieldResult('QFTPSIZE', { replyField: 0 });
  const fsize = fieldResult('FTPSIZE', { lead: ['1'], notResults: [1] });

  it('reads Quectel results with and without spaces', () => {
    for (const line of ['+QFTPSIZE: 0,1000', '+QFTPSIZE:0, 1000', '+QFTPSIZE:0,1000']) {
      expect(qsize.ok.test(line)).toBe(true);
      expect(qsize.failed.test(line)).toBe(false);
      expect(qsize.parse(line)).toEqual({ ok: true, values: ['1000'], vendorCode: 0, serverReply: undefined });
    }
    expect(qsize.failed.test('+QFTPSIZE: 627,550')).toBe(true);
    expect(qsize.parse('+QFTPSIZE: 627,550')).toEqual({ ok: false, values: ['550'], vendorCode: 627, serverReply: 550 });
    // <protocol_error> 0 is "no server reply".
    expect(qsize.parse('+QFTPSIZE: 609,0').serverReply).toBeUndefined();
    expect(qsize.any.test('+QFTPSIZEX: 0,1')).toBe(false);
  });

  it('reads SIMCom results and leaves the "session open" form out', () => {
    expect(fsize.ok.test('+FTPSIZE: 1,0,1024')).toBe(true);
    expect(fsize.parse('+FTPSIZE:1,0,1024')).toEqual({ ok: true, values: ['1024'], vendorCode: 0, serverReply: undefined });
    expect(fsize.failed.test('+FTPSIZE: 1,77')).toBe(true);
    expect(fsize.parse('+FTPSIZE: 1,77,0')).toMatchObject({ ok: false, vendorCode: 77 });
    expect(fsize.any.test('+FTPSIZE: 1,1')).toBe(false);
    expect(fsize.failed.test('+FTPSIZE: 1,1,0')).toBe(false);
    expect(fsize.any.test('+FTPSIZE: 1,10')).toBe(true);
  });
});

describe('codeTable', () => {
  const codes = codeTable({
    vendor: 'Quectel',
    codes: { 627: ['NOT_FOUND', 'requested action not taken'], 625: ['AUTH_FAILED', 'not logged in'] },
    serverReplies: { 550: 'NOT_FOUND', 421: 'SERVER', 530: 'AUTH_FAILED' },
  });

  it('lets a 4xx/5xx server reply decide first and names both codes once', () => {
    const error = codes.error(627, { serverReply: 421, command: 'AT+QFTPGET="a"' });
    expect(error).toMatchObject({ code: 'SERVER', vendorCode: 627, serverReply: 421, command: 'AT+QFTPGET="a"' });
    expect(error.message).toBe('AT+QFTPGET="a": requested action not taken (Quectel 627, server replied 421)');
  });

  it('reads a failure after a preliminary 1xx reply as a data-connection failure, not the server verdict', () => {
    // 150 "opening data connection": the server agreed, then the data connection failed (EC25 field reports).
    expect(codes.error(627, { serverReply: 150, command: 'c' })).toMatchObject({
      code: 'DATA_CONNECTION',
      serverReply: 150,
      message: "c: requested action not taken (Quectel 627, after the server's preliminary 150)",
    });
    expect(codes.codeOf(627, 125)).toBe('DATA_CONNECTION');
    expect(codes.codeOf(627, 550)).toBe('NOT_FOUND');
    expect(codes.codeOf(627)).toBe('NOT_FOUND');
  });

  it('falls back for undocumented codes and honours overrides', () => {
    expect(codes.error(699, { command: 'c' })).toMatchObject({ code: 'MODEM', message: 'c: undocumented error (Quectel 699)' });
    expect(codes.error(625, { command: 'c', code: 'CLOSED' }).code).toBe('CLOSED');
  });
});

describe('abortedError', () => {
  it('carries the exact byte count for a resume', () => {
    const error = abortedError('download of fw.bin', 4096, 'AT+QFTPGET="fw.bin"', undefined, 1000);
    expect(error).toMatchObject({ code: 'ABORTED', command: 'AT+QFTPGET="fw.bin"' });
    // The download began at startAt 1000: it resumes at 1000 + 4096.
    expect(error.message).toBe('download of fw.bin: aborted after 4096 bytes; resume with startAt: 5096');
    expect(abortedError('upload of a', 7).message).toBe('upload of a: aborted after 7 bytes');
    const signal = AbortSignal.abort();
    expect(() => checkAborted(signal, 'upload of a', 7)).toThrow('upload of a: aborted after 7 bytes');
    expect(() => checkAborted(new AbortController().signal, 'x')).not.toThrow();
  });
});
