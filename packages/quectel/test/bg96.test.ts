/**
 * Issue 16: `quectel()` on the LPWA family. The same driver, against the
 * virtual BG96 (and its `bg95` variant), applies the family's profile: plain
 * UFS module-file names, no RAM staging, no `"sni"`, listing names from LIST
 * where the firmware has no NLST. No flow asks which module it talks to.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { FtpError, type FtpSession } from '@cellftp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsSent, random, session, sha256, startRig, startTestFtpServer, writtenText, type Rig, type RunningTestFtpServer } from './support/harness.js';

const COM = /^AT\+QFTP(?:GET|PUT)=.*"COM:"/;

function collector(): { writable: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return { writable: new Writable({ write: (chunk: Buffer, _e, done) => void (parts.push(chunk), done()) }), bytes: () => Buffer.concat(parts) };
}

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('quectel() on a BG96', () => {
  let rig: Rig;
  let ftp: FtpSession;
  beforeAll(async () => {
    rig = await startRig({ model: 'BG96' });
    ftp = await session(rig, server);
  });
  afterAll(async () => {
    await ftp?.close();
    await rig?.close();
  });

  it('identifies the BG96 and reports the family\'s strategies and NLST', () => {
    expect(rig.modem.info).toMatchObject({ vendor: 'quectel', manufacturer: 'Quectel', model: 'BG96', revision: 'BG96MAR02A07M1G' });
    expect(ftp.capabilities).toMatchObject({ nlst: true, downloadStrategies: ['com', 'ufs'], uploadStrategies: ['com', 'ufs'] });
  });

  it('lists through a plain UFS module file (no RAM: drive) and moves files both ways byte exact', async () => {
    writeFileSync(join(server.root, 'bg-a.bin'), random(10));
    const from = rig.written.length;
    const names = await ftp.listNames();
    expect(names).toContain('bg-a.bin');
    const sent = writtenText(rig, from);
    expect(sent).toContain('AT+QFTPNLST=".","cftp.lst"\r');
    expect(sent).toContain('AT+QFDEL="cftp.lst"\r');
    expect(sent).not.toMatch(/RAM:|UFS:/);
    const data = random(70_000);
    await ftp.uploadFrom(data, 'bg-up.bin');
    expect(sha256(readFileSync(join(server.root, 'bg-up.bin')))).toBe(sha256(data));
    const sink = collector();
    await ftp.downloadTo(sink.writable, 'bg-up.bin');
    expect(sha256(sink.bytes())).toBe(sha256(data));
  });

  it('stages through UFS with plain names when asked (the fallback when COM: ranges are refused)', async () => {
    await ftp.close();
    ftp = await session(rig, server, { uploadStrategy: 'ufs', downloadStrategy: 'ufs' });
    const data = random(50_000);
    const from = rig.written.length;
    await ftp.uploadFrom(data, 'bg-ufs.bin');
    expect(sha256(readFileSync(join(server.root, 'bg-ufs.bin')))).toBe(sha256(data));
    const sink = collector();
    await ftp.downloadTo(sink.writable, 'bg-ufs.bin');
    expect(sha256(sink.bytes())).toBe(sha256(data));
    const sent = writtenText(rig, from);
    expect(sent).toContain('AT+QFUPL="cftp.ul",50000,5\r');
    expect(sent).toContain('AT+QFTPPUT="bg-ufs.bin","cftp.ul",0\r');
    expect(sent).toContain('AT+QFTPGET="bg-ufs.bin","cftp.dl",0\r');
    expect(sent).not.toMatch(/RAM:|UFS:/);
  });

  it('has no ram strategy: asking for it is INVALID_ARGUMENT naming the ones the BG96 has', async () => {
    const error = await rig.modem.ftp({ host: '127.0.0.1', port: server.port, user: server.user, password: server.password, downloadStrategy: 'ram' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FtpError);
    expect((error as FtpError).code).toBe('INVALID_ARGUMENT');
    expect((error as FtpError).message).toBe('invalid FTP options: downloadStrategy must be one of com, ufs');
  });

  it('never sends "restenable", "sni", or a data_address timeout', () => {
    const sent = commandsSent(rig).join('\n');
    expect(sent).toContain('AT+QFTPCFG="data_address",0');
    expect(sent).not.toMatch(/restenable|"sni"|data_address",\d,/);
  });
});

describe('quectel() on a BG95-M3 (the BG96 model\'s bg95 variant)', () => {
  it('takes names from LIST (the firmware has no NLST) and never writes QFTPNLST/NLIST', async () => {
    const rig = await startRig({ model: 'BG96', variants: ['bg95'] });
    try {
      expect(rig.modem.info).toMatchObject({ model: 'BG95-M3', revision: 'BG95M3LAR02A03' });
      const ftp = await session(rig, server);
      expect(ftp.capabilities.nlst).toBe(false);
      writeFileSync(join(server.root, 'bg95-a.bin'), random(5));
      expect(await ftp.listNames()).toContain('bg95-a.bin');
      expect(commandsSent(rig).filter((c) => /NLI?ST/.test(c))).toEqual([]);
      await ftp.close();
    } finally {
      await rig.close();
    }
  });
});

describe('a BG96 that refuses "COM:" transfers', () => {
  it('falls back to UFS staging with plain names after one refusal', async () => {
    const rig = await startRig({ model: 'BG96' }, {}, { refuse: COM });
    try {
      const ftp = await session(rig, server);
      const data = random(30_000);
      await ftp.uploadFrom(data, 'bg-fb.bin');
      expect(sha256(readFileSync(join(server.root, 'bg-fb.bin')))).toBe(sha256(data));
      expect(rig.refused).toEqual(['AT+QFTPPUT="bg-fb.bin","COM:",0,30000,1']);
      expect(writtenText(rig)).toContain('AT+QFTPPUT="bg-fb.bin","cftp.ul",0\r');
      await ftp.close();
    } finally {
      await rig.close();
    }
  });
});

describe('a BG96 printing +QFTPSIZE without <err> (the manual §3.4 form)', () => {
  it('reads the lone field as the size, and a failure still as a failure', async () => {
    const rig = await startRig({ model: 'BG96', variants: ['size-no-err'] });
    try {
      const ftp = await session(rig, server);
      const data = random(12_345);
      writeFileSync(join(server.root, 'bg-size.bin'), data);
      expect(await ftp.size('bg-size.bin')).toBe(12_345);
      expect(rig.trace.some((e) => e.dir === 'rx' && e.text === '+QFTPSIZE: 12345')).toBe(true);
      const sink = collector();
      await ftp.downloadTo(sink.writable, 'bg-size.bin');
      expect(sha256(sink.bytes())).toBe(sha256(data));
      const missing = await ftp.size('no-such.bin').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(missing).toMatchObject({ code: 'NOT_FOUND', vendorCode: 627, serverReply: 550 });
      await ftp.close();
    } finally {
      await rig.close();
    }
  });
});
