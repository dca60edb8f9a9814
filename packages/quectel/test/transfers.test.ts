import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { FtpError, type FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hostilePayload,
  random,
  session,
  sha256,
  startRig,
  startTestFtpServer,
  writtenText,
  type Rig,
  type RunningTestFtpServer,
} from './support/harness.js';

const local = mkdtempSync(join(tmpdir(), 'cellftp-quectel-'));
let server: RunningTestFtpServer;

beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server?.stop();
});

function collector(): { writable: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return {
    writable: new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _e, done) {
        parts.push(chunk);
        // A slow disk: backpressure must hold the modem stream, not buffer it.
        setImmediate(done);
      },
    }),
    bytes: () => Buffer.concat(parts),
  };
}

describe.each(['com', 'ufs', 'ram'] as const)('strategy %s', (strategy) => {
  let rig: Rig;
  let ftp: FtpSession;
  beforeAll(async () => {
    rig = await startRig();
    ftp = await session(rig, server, { downloadStrategy: strategy, uploadStrategy: strategy });
  });
  afterAll(async () => {
    await ftp?.close();
    await rig?.close();
  });

  it.each([
    ['1 MiB of random bytes', () => random(1024 * 1024)],
    ['the hostile \\r\\nOK\\r\\n+QFTPGET: 0,0\\r\\n+++ pattern', () => hostilePayload(300_000)],
  ])('round-trips %s with identical sha256, on the server disk too', async (_what, make) => {
    const data = make();
    const name = `rt-${strategy}.bin`;
    const up = await ftp.uploadFrom(data, name);
    expect(up.bytes).toBe(data.length);
    expect(sha256(readFileSync(join(server.root, name)))).toBe(sha256(data));
    const sink = collector();
    const down = await ftp.downloadTo(sink.writable, name);
    expect(down.bytes).toBe(data.length);
    expect(sha256(sink.bytes())).toBe(sha256(data));
  });

  it('uploads from a Readable of unknown size and downloads to a local path', async () => {
    const data = random(70_001);
    await ftp.uploadFrom(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), `stream-${strategy}.bin`);
    const path = join(local, `stream-${strategy}.bin`);
    await ftp.downloadTo(path, `stream-${strategy}.bin`);
    expect(sha256(readFileSync(path))).toBe(sha256(data));
  });

  it('resumes a download with startAt', async () => {
    const data = random(50_000);
    writeFileSync(join(server.root, `resume-${strategy}.bin`), data);
    const path = join(local, `resume-${strategy}.bin`);
    writeFileSync(path, data.subarray(0, 12_345));
    const result = await ftp.downloadTo(path, `resume-${strategy}.bin`, { startAt: 12_345 });
    expect(result.bytes).toBe(50_000 - 12_345);
    expect(sha256(readFileSync(path))).toBe(sha256(data));
  });

  // Only the default strategy: ufs/ram upload an empty file through the same COM: path.
  if (strategy === 'com') it('uploads and downloads an empty file', async () => {
    await ftp.uploadFrom(new Uint8Array(0), `empty-${strategy}.bin`);
    expect(statSync(join(server.root, `empty-${strategy}.bin`)).size).toBe(0);
    // Downloading an empty file is checked on proftpd: through ftp-srv the emulator answers `+QFTPSIZE: 0,NaN`.
  });
});

describe('ranged COM: transfer details', () => {
  let rig: Rig;
  let ftp: FtpSession;
  beforeAll(async () => {
    rig = await startRig({}, { downloadChunkBytes: 4000, uploadChunkBytes: 3000 });
    ftp = await session(rig, server);
  });
  afterAll(async () => {
    await ftp?.close();
    await rig?.close();
  });

  it('downloads in exact ranges, then cross-checks with AT+QFTPLEN', async () => {
    writeFileSync(join(server.root, 'ranged.bin'), random(10_000));
    const from = rig.written.length;
    await ftp.downloadTo(collector().writable, 'ranged.bin');
    expect(writtenText(rig, from)).toBe(
      'AT+QFTPSIZE="ranged.bin"\r' +
        'AT+QFTPGET="ranged.bin","COM:",0,4000\r' +
        'AT+QFTPGET="ranged.bin","COM:",4000,4000\r' +
        'AT+QFTPGET="ranged.bin","COM:",8000,2000\r' +
        'AT+QFTPLEN\r',
    );
  });

  it('uploads in <uploadlen> packets, <beof> 1 on the last only', async () => {
    const data = random(7000);
    const from = rig.written.length;
    await ftp.uploadFrom(data, 'packets.bin');
    const sent = writtenText(rig, from);
    expect(sent.startsWith('AT+QFTPPUT="packets.bin","COM:",0,3000,0\r')).toBe(true);
    expect(sent).toContain('AT+QFTPPUT="packets.bin","COM:",3000,3000,0\r');
    expect(sent).toContain('AT+QFTPPUT="packets.bin","COM:",6000,1000,1\r');
    expect(sent).not.toContain('+++');
    expect(sha256(readFileSync(join(server.root, 'packets.bin')))).toBe(sha256(data));
  });

  it('appendFrom continues at the remote size (APPE-free: startpos = SIZE)', async () => {
    // ftp-srv's REST+STOR is broken, so appending is checked on proftpd (ftps.test.ts); here the
    // empty-remote case: a missing file appends from 0.
    const data = random(5000);
    await ftp.appendFrom(data, 'appended-new.bin');
    expect(sha256(readFileSync(join(server.root, 'appended-new.bin')))).toBe(sha256(data));
  });
});

describe('failures and recovery', () => {
  it('a dropped data connection fails the download with 607; resuming completes it', async () => {
    const rig = await startRig({}, { downloadChunkBytes: 64 * 1024 });
    const ftp = await session(rig, server);
    try {
      const data = random(200_000);
      writeFileSync(join(server.root, 'drop.bin'), data);
      rig.vm.faults.closeDataAfterBytes = 20_000;
      const path = join(local, 'drop.bin');
      const started = Date.now();
      const error = await ftp.downloadTo(path, 'drop.bin').then(() => undefined, (e: unknown) => e as FtpError);
      expect(error).toBeInstanceOf(FtpError);
      expect(error).toMatchObject({ code: 'DATA_CONNECTION', vendorCode: 607 });
      // Detected from the module's trailer, not by waiting out the 20 s response timeout.
      expect(Date.now() - started).toBeLessThan(5000);
      delete rig.vm.faults.closeDataAfterBytes;
      const have = statSync(path).size;
      expect(have).toBeLessThan(data.length);
      expect(sha256(readFileSync(path))).toBe(sha256(data.subarray(0, have)));
      await ftp.downloadTo(path, 'drop.bin', { startAt: have });
      expect(sha256(readFileSync(path))).toBe(sha256(data));
    } finally {
      await ftp.close();
      await rig.close();
    }
  });

  it('a refused data connection (615) is reported, and the 603 "busy" window after it is ridden out', async () => {
    const rig = await startRig({ timing: { asyncCloseMs: 50, busyAfterDataFailureMs: 800 } });
    const ftp = await session(rig, server);
    try {
      writeFileSync(join(server.root, 'nat.bin'), random(1000));
      rig.vm.faults.refuseDataConnection = true;
      const error = await ftp.downloadTo(collector().writable, 'nat.bin').then(() => undefined, (e: unknown) => e as FtpError);
      expect(error).toMatchObject({ code: 'DATA_CONNECTION', vendorCode: 615 });
      delete rig.vm.faults.refuseDataConnection;
      // The module answers 603 for a while after 615 (VENDOR-FACTS); the driver waits it out.
      expect(await ftp.size('nat.bin')).toBe(1000);
      expect(rig.trace.some((e) => e.text === '+CME ERROR: 603')).toBe(true);
    } finally {
      await ftp.close();
      await rig.close();
    }
  });

  it('a dropped upload data connection is reported; the session stays usable', async () => {
    // One packet (<beof> 1): the EC25 emulator stops answering every command when a drop hits a
    // <beof> 0 continuation packet (its packet() promise never settles) — reported as an emulator deviation.
    const rig = await startRig({}, { uploadChunkBytes: 256 * 1024 });
    const ftp = await session(rig, server);
    try {
      rig.vm.faults.closeDataAfterBytes = 10_000;
      const error = await ftp.uploadFrom(random(100_000), 'updrop.bin').then(() => undefined, (e: unknown) => e as FtpError);
      expect(error).toBeInstanceOf(FtpError);
      expect(['DATA_CONNECTION', 'NETWORK']).toContain(error?.code);
      delete rig.vm.faults.closeDataAfterBytes;
      await ftp.uploadFrom(Buffer.from('after'), 'after.txt');
      expect(readFileSync(join(server.root, 'after.txt'), 'utf8')).toBe('after');
    } finally {
      await ftp.close();
      await rig.close();
    }
  });

  it('aborting a download stops within one chunk; the next operation succeeds', async () => {
    const rig = await startRig({ baudRate: 921_600 }, { downloadChunkBytes: 8192 });
    const ftp = await session(rig, server);
    try {
      writeFileSync(join(server.root, 'abort-dl.bin'), random(200_000));
      const controller = new AbortController();
      ftp.trackProgress((p) => {
        if (p.bytes > 0) controller.abort();
      });
      const sink = collector();
      const error = await ftp.downloadTo(sink.writable, 'abort-dl.bin', { signal: controller.signal }).then(() => undefined, (e: unknown) => e as FtpError);
      ftp.trackProgress();
      expect(error).toMatchObject({ code: 'ABORTED' });
      expect(sink.bytes().length).toBeLessThanOrEqual(2 * 8192);
      expect(await ftp.size('abort-dl.bin')).toBe(200_000);
    } finally {
      await ftp.close();
      await rig.close();
    }
  });

  it('aborting mid-range escapes with +++ after the guard time; the prefix is exact and resuming completes it', async () => {
    // Default ranges: the whole file is one QFTPGET (8.7 s at 115200), so only the escape can end it early.
    const rig = await startRig({ baudRate: 115_200 });
    const ftp = await session(rig, server);
    try {
      const data = random(100_000);
      writeFileSync(join(server.root, 'abort-mid.bin'), data);
      const controller = new AbortController();
      let abortedAt = 0;
      ftp.trackProgress((p) => {
        if (p.bytes >= 5000 && !controller.signal.aborted) {
          abortedAt = Date.now();
          controller.abort();
        }
      });
      const sink = collector();
      const from = rig.written.length;
      const error = await ftp.downloadTo(sink.writable, 'abort-mid.bin', { signal: controller.signal }).then(() => undefined, (e: unknown) => e as FtpError);
      const tookMs = Date.now() - abortedAt;
      ftp.trackProgress();
      expect(error).toBeInstanceOf(FtpError);
      expect(error?.code).toBe('ABORTED');
      const got = sink.bytes();
      expect(error?.message).toContain(`aborted after ${got.length} bytes; resume with startAt: ${got.length}`);
      // Guard before (1 s from the command) and after (1 s), then the module's OK and 616.
      expect(tookMs).toBeLessThan(3500);
      expect(got.length).toBeLessThan(60_000);
      expect(sha256(got)).toBe(sha256(data.subarray(0, got.length)));
      expect(writtenText(rig, from)).toMatch(/^AT\+QFTPSIZE="abort-mid.bin"\rAT\+QFTPGET="abort-mid.bin","COM:",0,100000\r\+\+\+AT\+QFTPSTAT\r/);
      // The engine traces the escape it writes for the command's abort facts as `+++ (abandoning …)`.
      const plus = rig.trace.find((e) => e.dir === 'tx' && e.text.includes('+++'));
      const command = rig.trace.filter((e) => e.dir === 'tx' && e.kind === 'command' && e.text.startsWith('AT+QFTPGET')).at(-1);
      expect(plus && command && plus.at - command.at).toBeGreaterThanOrEqual(1000);
      // The session rides out the module's 603 window and resumes exactly where the prefix ends.
      const rest = collector();
      await ftp.downloadTo(rest.writable, 'abort-mid.bin', { startAt: got.length, signal: AbortSignal.timeout(30_000) });
      expect(sha256(Buffer.concat([got, rest.bytes()]))).toBe(sha256(data));
    } finally {
      await ftp.close();
      await rig.close();
    }
  }, 60_000);

  it('aborting an upload closes the open data connection cleanly; the next operation succeeds', async () => {
    const rig = await startRig({ baudRate: 921_600 }, { uploadChunkBytes: 8192 });
    const ftp = await session(rig, server);
    try {
      const data = random(200_000);
      const controller = new AbortController();
      ftp.trackProgress((p) => {
        if (p.bytes > 0) controller.abort();
      });
      const error = await ftp.uploadFrom(data, 'abort-ul.bin', { signal: controller.signal }).then(() => undefined, (e: unknown) => e as FtpError);
      ftp.trackProgress();
      expect(error).toMatchObject({ code: 'ABORTED' });
      const onServer = readFileSync(join(server.root, 'abort-ul.bin'));
      expect(onServer.length).toBeLessThan(data.length);
      // What is there is a true prefix of the source.
      expect(sha256(onServer)).toBe(sha256(data.subarray(0, onServer.length)));
      expect(await ftp.size('abort-ul.bin')).toBe(onServer.length);
    } finally {
      await ftp.close();
      await rig.close();
    }
  });
});
