/**
 * A firmware that does not know `"COM:"` transfers (it answers `ERROR`, as
 * an older or differently built firmware would): every file must still move,
 * byte for byte, through the module-file strategies, and the refusal is paid
 * once per modem, not per transfer. The refusal is made by a test-side line
 * wrapper (support/harness.ts), in front of the unchanged virtual EC25.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePayload, random, session, sha256, startRig, startTestFtpServer, writtenText, type Rig, type RunningTestFtpServer } from './support/harness.js';

const COM = /^AT\+QFTP(?:GET|PUT)=.*"COM:"/;

let server: RunningTestFtpServer;
let rig: Rig;
let ftp: FtpSession;

beforeAll(async () => {
  server = await startTestFtpServer();
  rig = await startRig({}, {}, { refuse: COM });
  ftp = await session(rig, server);
});
afterAll(async () => {
  await ftp?.close();
  await rig?.close();
  await server?.stop();
});

function collector(): { writable: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return { writable: new Writable({ write: (chunk: Buffer, _e, done) => void (parts.push(chunk), done()) }), bytes: () => Buffer.concat(parts) };
}

describe('a firmware that refuses "COM:" transfers (ERROR)', () => {
  it('uploads through the next strategy with identical bytes, after exactly one refused command', async () => {
    const data = random(300_000);
    const from = rig.written.length;
    const result = await ftp.uploadFrom(data, 'fallback-up.bin');
    expect(result.bytes).toBe(data.length);
    expect(sha256(readFileSync(join(server.root, 'fallback-up.bin')))).toBe(sha256(data));
    expect(rig.refused).toEqual(['AT+QFTPPUT="fallback-up.bin","COM:",0,32768,0']);
    // The refused COM: command, then ufs: delete, QFUPL, QFTPPUT from the module file, cross-check, delete.
    const sent = writtenText(rig, from);
    expect(sent.startsWith('AT+QFTPPUT="fallback-up.bin","COM:",0,32768,0\rAT+QFDEL="UFS:cftp.ul"\rAT+QFUPL="UFS:cftp.ul",300000,5\r')).toBe(true);
    expect(sent.endsWith('AT+QFTPPUT="fallback-up.bin","UFS:cftp.ul",0\rAT+QFTPLEN\rAT+QFDEL="UFS:cftp.ul"\r')).toBe(true);
  });

  it('downloads through the next strategy with identical bytes, after exactly one refused command', async () => {
    const data = random(200_000);
    writeFileSync(join(server.root, 'fallback-down.bin'), data);
    const sink = collector();
    const result = await ftp.downloadTo(sink.writable, 'fallback-down.bin');
    expect(result.bytes).toBe(data.length);
    expect(sha256(sink.bytes())).toBe(sha256(data));
    expect(rig.refused.slice(1)).toEqual(['AT+QFTPGET="fallback-down.bin","COM:",0,200000']);
  });

  it('moves every further file without asking for COM: again: hostile bytes, a stream of unknown size, an empty file, a resumed download', async () => {
    const hostile = hostilePayload(100_000);
    await ftp.uploadFrom(hostile, 'hostile.bin');
    expect(sha256(readFileSync(join(server.root, 'hostile.bin')))).toBe(sha256(hostile));
    const back = collector();
    await ftp.downloadTo(back.writable, 'hostile.bin');
    expect(sha256(back.bytes())).toBe(sha256(hostile));

    const streamed = random(70_001);
    await ftp.uploadFrom(Readable.from([streamed.subarray(0, 1000), streamed.subarray(1000)]), 'stream.bin');
    expect(sha256(readFileSync(join(server.root, 'stream.bin')))).toBe(sha256(streamed));

    await ftp.uploadFrom(new Uint8Array(0), 'empty.bin');
    expect(statSync(join(server.root, 'empty.bin')).size).toBe(0);

    const whole = random(50_000);
    writeFileSync(join(server.root, 'resume.bin'), whole);
    const rest = collector();
    expect((await ftp.downloadTo(rest.writable, 'resume.bin', { startAt: 12_345 })).bytes).toBe(50_000 - 12_345);
    expect(sha256(rest.bytes())).toBe(sha256(whole.subarray(12_345)));

    expect(rig.refused).toHaveLength(2);
  });

  it('a new session on the same modem remembers the refusal', async () => {
    await ftp.close();
    ftp = await session(rig, server);
    const data = random(10_000);
    await ftp.uploadFrom(data, 'again.bin');
    const sink = collector();
    await ftp.downloadTo(sink.writable, 'again.bin');
    expect(sha256(sink.bytes())).toBe(sha256(data));
    expect(rig.refused).toHaveLength(2);
    expect(ftp.capabilities.downloadStrategies).toEqual(['com', 'ufs', 'ram']);
  });
});

describe('a firmware that knows neither spelling of rename (ERROR to both)', () => {
  it('fails UNSUPPORTED naming the command and both spellings tried, and asks only once per modem', async () => {
    const both = await startRig({}, {}, { refuse: /^AT\+QFTP(?:RENAME|NAME)=/ });
    const own = await session(both, server);
    try {
      writeFileSync(join(server.root, 'stays.txt'), 'x');
      for (const round of [1, 2]) {
        const error = await own.rename('stays.txt', 'moved.txt').then(() => undefined, (e: unknown) => e);
        expect(error, `round ${round}`).toMatchObject({
          code: 'UNSUPPORTED',
          message: 'the module refused every spelling of AT+QFTPRENAME (QFTPRENAME, QFTPNAME)',
        });
      }
      expect(both.refused).toEqual(['AT+QFTPRENAME="stays.txt","moved.txt"', 'AT+QFTPNAME="stays.txt","moved.txt"']);
      expect(statSync(join(server.root, 'stays.txt')).size).toBe(1);
    } finally {
      await own.close();
      await both.close();
    }
  });
});
