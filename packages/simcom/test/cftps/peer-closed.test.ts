import { createServer, connect, type Server, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModem, type Modem } from '@cellftp/core';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { simcom } from '../../src/index.js';
import { sha256 } from '../harness.js';

/** A TCP relay in front of the server's control port that can hang up on its clients. */
async function relay(target: RunningTestFtpServer): Promise<{ port: number; hangUp(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    hangUp: () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const model of ['A7670E', 'SIM7600G'] as const) {
  describe(`the server hangs up an idle login (virtual ${model})`, () => {
    let server: RunningTestFtpServer;
    let proxy: Awaited<ReturnType<typeof relay>>;
    let vm: VirtualModem;
    let modem: Modem;

    beforeAll(async () => {
      server = await startTestFtpServer();
      proxy = await relay(server);
      vm = await startVirtualModem({ model, link: 'memory' });
      modem = await openModem({ transport: vm.transport!, drivers: [simcom()] });
      await modem.connect({ apn: 'internet' });
    });
    afterAll(async () => {
      await modem?.close();
      await vm?.close();
      await proxy?.close();
      await server?.stop();
    });

    it('+CFTPSNOTIFY: PEER CLOSED closes the session with that reason; the next ftp() logs in again', async () => {
      const login = { host: '127.0.0.1', port: proxy.port, user: server.user, password: server.password };
      const ftp = await modem.ftp(login);
      expect(await ftp.pwd()).toBe('/');
      proxy.hangUp();
      for (let i = 0; i < 100 && !ftp.closed; i++) await new Promise((r) => setTimeout(r, 10));
      expect(ftp.closed).toBe(true);
      await expect(ftp.pwd()).rejects.toMatchObject({ code: 'CLOSED', message: expect.stringContaining('PEER CLOSED') });
      await ftp.close();
      const again = await modem.ftp(login);
      const data = Buffer.from('after the hang-up');
      await writeFile(join(server.root, 'again.txt'), data);
      const parts: Buffer[] = [];
      const { Writable } = await import('node:stream');
      await again.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (parts.push(Buffer.from(c)), cb()) }), 'again.txt');
      expect(sha256(Buffer.concat(parts))).toBe(sha256(data));
      await again.close();
    });
  });
}
