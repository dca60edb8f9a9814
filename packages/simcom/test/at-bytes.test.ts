import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModem, type ByteTransport, type FtpSession, type Modem } from '@cellftp/core';
import { traceTransport } from '@cellftp/core/testing';
import { startVirtualModem, type VirtualModem } from '@cellftp/emulator';
import { startTestFtpServer, type RunningTestFtpServer } from '../../emulator/test/support/ftp-servers.js';
import { simcom } from '../src/index.js';

let server: RunningTestFtpServer;
let vm: VirtualModem;
let modem: Modem;
let ftp: FtpSession;
const written: Buffer[] = [];
const wire = (): string => Buffer.concat(written).toString('latin1');

beforeAll(async () => {
  server = await startTestFtpServer();
  vm = await startVirtualModem({ model: 'SIM7080G', link: 'memory' });
  // Every byte the host writes, so the assertions see the wire, not the trace.
  const traced = traceTransport(vm.transport as ByteTransport, { only: 'tx', maxRecords: 0, onRecord: (r) => void written.push(Buffer.from(r.bytes)) });
  modem = await openModem({ transport: traced, drivers: [simcom()] });
});
afterAll(async () => {
  await ftp?.close();
  await modem?.close();
  await vm?.close();
  await server?.stop();
});

describe('exact AT bytes on the wire', () => {
  it('connect: CNACT? then CNCFG with IPv4 and PAP/CHAP, then CNACT=0,1', async () => {
    written.length = 0;
    await modem.connect({ apn: 'iot.apn', user: 'apnuser', password: 'apnpw' });
    expect(wire()).toBe('AT+CNACT?\rAT+CNCFG=0,1,"iot.apn","apnuser","apnpw",3\rAT+CNACT=0,1\r');
    written.length = 0;
    await modem.connect({ apn: 'iot.apn' });
    expect(wire()).toBe('AT+CNACT?\r');
  });

  it('ftp(): the session parameters once, then a listing of "/" as the credential check', async () => {
    written.length = 0;
    ftp = await modem.ftp({ host: server.host, port: server.port, user: server.user, password: server.password });
    expect(wire()).toBe(
      'AT+CNACT?\rAT+FTPSTATE\rAT+FTPCID=0\rAT+FTPSERV="127.0.0.1"\r' +
        `AT+FTPPORT=${server.port}\rAT+FTPUN="test"\rAT+FTPPW="test"\rAT+FTPMODE=1\rAT+FTPTYPE="I"\r` +
        'AT+FTPSSL=0,0,"",""\rAT+FTPGETPATH="/"\rAT+FTPLIST=1\rAT+FTPLIST=2,1460\r',
    );
  });

  it('size of a file in a sub-directory: FTPGETPATH with a trailing slash and FTPGETNAME', async () => {
    await writeFile(join(server.root, 'x.bin'), 'abc');
    written.length = 0;
    expect(await ftp.size('/x.bin')).toBe(3);
    expect(wire()).toBe('AT+FTPGETNAME="x.bin"\rAT+FTPSIZE\r');
    written.length = 0;
    await ftp.size('x.bin');
    expect(wire()).toBe('AT+FTPSIZE\r');
  });

  it('an ETPUT upload is DLE-stuffed and ends with one bare ETX', async () => {
    written.length = 0;
    await ftp.uploadFrom(Uint8Array.of(0x41, 0x03, 0x10, 0x42), 'e.bin');
    expect(wire()).toBe(
      'AT+FTPPUTPATH="/"\rAT+FTPPUTNAME="e.bin"\rAT+FTPPUTOPT="STOR"\rAT+FTPEXTPUT=0\rAT+FTPETPUT=1\rAT+FTPETPUT=2\r' +
        'A\x10\x03\x10\x10B\x03',
    );
  });

  it('a resumed download writes FTPREST then FTPETGET=1, and FTPREST=0 next time', async () => {
    written.length = 0;
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    await ftp.downloadTo(sink, 'e.bin', { startAt: 2 });
    expect(wire()).toBe('AT+FTPGETNAME="e.bin"\rAT+FTPREST=2\rAT+FTPETGET=1\r');
    written.length = 0;
    await ftp.downloadTo(sink, 'e.bin');
    expect(wire()).toBe('AT+FTPREST=0\rAT+FTPETGET=1\r');
  });
});
