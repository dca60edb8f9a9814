import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError, type FtpSession } from '@cellftp/core';
import { allBytes, sha256, startRig, type Rig } from '../harness.js';

/**
 * Neither family can stop a running CFTPSGET without ending the login, so an
 * aborted download reads the rest and discards it; an aborted upload ends the
 * escaped stream with its bare 0x1A. Either way the session stays usable and
 * the error says how many bytes moved.
 */
for (const model of ['A7670E', 'SIM7600G'] as const) {
  describe(`abort on the virtual ${model}`, () => {
    let rig: Rig;
    let ftp: FtpSession;

    beforeAll(async () => {
      // A paced line so that an abort lands mid-transfer.
      rig = await startRig({ model, baudRate: 921_600 });
      ftp = await rig.ftp();
    });
    afterAll(async () => {
      await ftp?.close();
      await rig?.close();
    });

    it('an aborted download rejects ABORTED with the bytes delivered, a true prefix, and the session goes on', async () => {
      const data = allBytes(200_000);
      await writeFile(join(rig.server.root, 'big.bin'), data);
      const controller = new AbortController();
      const parts: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _e, done) {
          parts.push(Buffer.from(chunk));
          if (Buffer.concat(parts).length > 20_000) controller.abort();
          done();
        },
      });
      const error = await ftp.downloadTo(sink, 'big.bin', { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FtpError);
      expect((error as FtpError).code).toBe('ABORTED');
      const got = Buffer.concat(parts);
      expect(got.length).toBeLessThan(data.length);
      expect(sha256(got)).toBe(sha256(data.subarray(0, got.length)));
      expect((error as Error).message).toContain(`aborted after ${got.length} bytes`);
      expect(ftp.closed).toBe(false);
      expect(await ftp.size('big.bin')).toBe(data.length);
    });

    it('an aborted upload ends the stream: ABORTED, the server holds a true prefix, the session goes on', async () => {
      const data = allBytes(300_000);
      const controller = new AbortController();
      // The link takes writes ahead of the line: abort as soon as the first piece went out.
      ftp.trackProgress((p) => {
        if (p.direction === 'upload' && p.bytes > 0) controller.abort();
      });
      const error = await ftp.uploadFrom(data, 'part.bin', { signal: controller.signal }).catch((e: unknown) => e);
      ftp.trackProgress();
      expect(error).toMatchObject({ code: 'ABORTED' });
      const held = await readFile(join(rig.server.root, 'part.bin'));
      expect(held.length).toBeLessThan(data.length);
      expect(sha256(held)).toBe(sha256(data.subarray(0, held.length)));
      await ftp.uploadFrom(data.subarray(0, 1000), 'after.bin');
      expect(sha256(await readFile(join(rig.server.root, 'after.bin')))).toBe(sha256(data.subarray(0, 1000)));
    });
  });
}
