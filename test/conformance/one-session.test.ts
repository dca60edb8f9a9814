/**
 * A module holds one FTP session: a second modem.ftp() used to take over the
 * first one's module state unseen, so the first session's next upload went to
 * the second server (on both vendors).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpError, openModem, type FtpSession } from '@cellftp/core';
import { startTestFtpServer, startVirtualModem, type RunningTestFtpServer, virtualModelNames } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import { ublox } from '@cellftp/ublox';
import { fieldOptions } from '../support/field.js';

/** Fits a SARA-R4's flash (236 800 bytes free), which stages every download. */
const BIG = 200 * 1024;
let a: RunningTestFtpServer;
let b: RunningTestFtpServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestFtpServer(), startTestFtpServer()]);
  writeFileSync(join(a.root, 'big.bin'), randomBytes(BIG));
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const login = (s: RunningTestFtpServer) => ({ host: s.host, port: s.port, user: s.user, password: s.password });
const reason = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describe.each(virtualModelNames())('%s: one FTP session at a time', (model) => {
  it('a new session ends an idle one (CLOSED), is refused (BUSY) while one works, and never crosses servers', async () => {
    const vm = await startVirtualModem({ model, link: 'memory', baudRate: 921_600, ...fieldOptions(3) });
    const modem = await openModem({ transport: vm.transport!, drivers: [quectel(), simcom(), ublox()] });
    try {
      await modem.connect({ apn: 'internet' });
      const first = await modem.ftp(login(a));

      // While the first session transfers, a second one is refused and the transfer completes.
      const download = first.downloadTo(new Writable({ write: (_c, _e, done) => done() }), 'big.bin');
      const refused = await reason(modem.ftp(login(b)));
      expect(refused).toBeInstanceOf(FtpError);
      expect((refused as FtpError).code).toBe('BUSY');
      expect((await download).bytes).toBe(BIG);

      // Idle: the new session takes the module over and the old one says so instead of using it.
      const second = await modem.ftp(login(b));
      expect(first.closed).toBe(true);
      const stale = await reason(first.uploadFrom(Buffer.from('one'), 'one.txt'));
      expect(stale).toMatchObject({ code: 'CLOSED' });
      expect((stale as Error).message).toMatch(/replaced/);
      await first.close(); // harmless, sends nothing to the module the second session now holds
      await second.uploadFrom(Buffer.from('two'), 'two.txt');
      expect(existsSync(join(b.root, 'two.txt'))).toBe(true);
      expect(existsSync(join(a.root, 'one.txt')) || existsSync(join(b.root, 'one.txt'))).toBe(false);

      // Two calls at once: exactly one opens.
      const results = await Promise.allSettled([modem.ftp(login(a)), modem.ftp(login(a))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'BUSY' } });
      const third = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<FtpSession>).value;
      expect(second.closed).toBe(true);
      expect(await third.size('big.bin')).toBe(BIG);
      // Options the driver refuses before writing anything leave the open session as it was.
      expect(await reason(modem.ftp({ ...login(b), downloadStrategy: 'teleport' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(third.closed).toBe(false);
      expect(await third.size('big.bin')).toBe(BIG);
      await third.close();
    } finally {
      await modem.close();
      await vm.close();
    }
  });
});
