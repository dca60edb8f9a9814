import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FtpSession } from '@cellftp/core';
import { startRig, type Rig } from './harness.js';

let rig: Rig;
let ftp: FtpSession;

beforeAll(async () => {
  rig = await startRig({ connect: false });
});
afterAll(async () => {
  await ftp?.close();
  await rig?.close();
});

describe('exact AT bytes on the wire', () => {
  it('connect: CNACT? then CNCFG with IPv4 and PAP/CHAP, then CNACT=0,1', async () => {
    rig.written.length = 0;
    await rig.modem.connect({ apn: 'iot.apn', user: 'apnuser', password: 'apnpw' });
    expect(rig.wire()).toBe('AT+CNACT?\rAT+CNCFG=0,1,"iot.apn","apnuser","apnpw",3\rAT+CNACT=0,1\r');
    rig.written.length = 0;
    await rig.modem.connect({ apn: 'iot.apn' });
    expect(rig.wire()).toBe('AT+CNACT?\r');
  });

  it('ftp(): the session parameters once, then a listing of "/" as the credential check', async () => {
    rig.written.length = 0;
    ftp = await rig.ftp();
    expect(rig.wire()).toBe(
      'AT+CNACT?\rAT+FTPSTATE\rAT+FTPCID=0\rAT+FTPSERV="127.0.0.1"\r' +
        `AT+FTPPORT=${rig.server.port}\rAT+FTPUN="test"\rAT+FTPPW="test"\rAT+FTPMODE=1\rAT+FTPTYPE="I"\r` +
        'AT+FTPSSL=0,0,"",""\rAT+FTPGETPATH="/"\rAT+FTPLIST=1\rAT+FTPLIST=2,1460\r',
    );
  });

  it('size of a file in a sub-directory: FTPGETPATH with a trailing slash and FTPGETNAME', async () => {
    await writeFile(join(rig.server.root, 'x.bin'), 'abc');
    rig.written.length = 0;
    expect(await ftp.size('/x.bin')).toBe(3);
    expect(rig.wire()).toBe('AT+FTPGETNAME="x.bin"\rAT+FTPSIZE\r');
    rig.written.length = 0;
    await ftp.size('x.bin');
    expect(rig.wire()).toBe('AT+FTPSIZE\r');
  });

  it('an ETPUT upload is DLE-stuffed and ends with one bare ETX', async () => {
    rig.written.length = 0;
    await ftp.uploadFrom(Uint8Array.of(0x41, 0x03, 0x10, 0x42), 'e.bin');
    expect(rig.wire()).toBe(
      'AT+FTPPUTPATH="/"\rAT+FTPPUTNAME="e.bin"\rAT+FTPPUTOPT="STOR"\rAT+FTPEXTPUT=0\rAT+FTPETPUT=1\rAT+FTPETPUT=2\r' +
        'A\x10\x03\x10\x10B\x03',
    );
  });

  it('a resumed download writes FTPREST then FTPETGET=1, and FTPREST=0 next time', async () => {
    rig.written.length = 0;
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    await ftp.downloadTo(sink, 'e.bin', { startAt: 2 });
    expect(rig.wire()).toBe('AT+FTPGETNAME="e.bin"\rAT+FTPREST=2\rAT+FTPETGET=1\r');
    rig.written.length = 0;
    await ftp.downloadTo(sink, 'e.bin');
    expect(rig.wire()).toBe('AT+FTPREST=0\rAT+FTPETGET=1\r');
  });
});
