import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModem, type Modem } from '@cellftp/core';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { simcom } from '../../src/index.js';
import { allBytes, sha256 } from '../harness.js';

/** A destination slower than the line: the frame stream must wait for it, losing nothing. */
describe('frame-stream download into a slow destination (virtual A7670E)', () => {
  let server: RunningTestFtpServer;
  let vm: VirtualModem;
  let modem: Modem;

  beforeAll(async () => {
    server = await startTestFtpServer();
    // A fast line (300 KB/s) into a destination that takes 10 ms per frame (≈ 100 KB/s).
    vm = await startVirtualModem({ model: 'A7670E', link: 'memory', baudRate: 3_000_000 });
    modem = await openModem({ transport: vm.transport!, drivers: [simcom()] });
    await modem.connect({ apn: 'internet' });
  });
  afterAll(async () => {
    await modem?.close();
    await vm?.close();
    await server?.stop();
  });

  it('honours the Writable backpressure and arrives byte-exact', async () => {
    const data = allBytes(60_000);
    await writeFile(join(server.root, 'slow.bin'), data);
    const parts: Buffer[] = [];
    let maxQueued = 0;
    const sink: Writable = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _e, done) {
        // What the Writable holds beyond this chunk: grows without bound if the writer ignores `false` from write().
        maxQueued = Math.max(maxQueued, sink.writableLength);
        parts.push(Buffer.from(chunk));
        setTimeout(done, 10);
      },
    });
    const ftp = await modem.ftp({ host: server.host, port: server.port, user: server.user, password: server.password });
    expect((await ftp.downloadTo(sink, 'slow.bin')).bytes).toBe(data.length);
    expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
    // The engine waited for the destination: never more than a few frames queued in it.
    expect(maxQueued).toBeLessThan(8 * 1024);
    await ftp.close();
  });
});
