/**
 * Active mode end to end through both models (AT+QFTPCFG="transmode",0 and
 * AT+FTPMODE=0), against an ftp-srv that refuses PASV/EPSV: a transfer here
 * succeeds only if the module really sent PORT and the server really connected.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtHost } from './support/at-host.js';
import { ec25Session } from './support/ec25-session.js';
import { startTestFtpServer, testCertificate, type RunningTestFtpServer } from './support/ftp-servers.js';
import { connectTo, Host, OK, readSession } from './sim7080-harness.js';
import { stuff } from '../src/sim7080/index.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** All byte values, and text a careless framer would stop at. */
const payload = (n: number): Buffer => Buffer.concat([Buffer.from('\r\nOK\r\n+++\x03\x10'), randomBytes(n)]);

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer({ dataModes: ['active'] });
});
afterAll(async () => {
  await server.stop();
});

describe('EC25 with transmode 0 (active)', () => {
  let host: AtHost;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const session = await ec25Session(server);
    host = session.host;
    close = () => session.vm.close();
  });
  afterAll(async () => close());

  it('fails in passive mode against this server, so what follows is active mode', async () => {
    expect(await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: ')).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 0,0\r\n');
    // ftp-srv answers the refused PASV with 502 "Command blacklisted": Quectel's 622 with the reply.
    expect(await host.cmdLine('AT+QFTPLIST="."', '+QFTPLIST: ')).toMatch(/\+QFTPLIST: 622,502\r\n$/);
  });

  it('uploads through COM:, downloads whole and ranged, and lists, byte exact', async () => {
    expect(await host.cmd('AT+QFTPCFG="transmode",0')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="transmode"')).toBe('\r\n+QFTPCFG: "transmode",0\r\n\r\nOK\r\n');
    await host.sleep(350); // past the 603 window that follows a failed data connection
    const data = payload(20_000);
    await host.write('AT+QFTPPUT="act.bin","COM:",0\r');
    await host.until('\r\nCONNECT\r\n');
    await host.sleep(220);
    await host.write(data);
    await host.sleep(220);
    await host.write('+++');
    expect((await host.until(`+QFTPPUT: 0,${data.length}\r\n`)).toString()).toBe(`\r\nOK\r\n\r\n+QFTPPUT: 0,${data.length}\r\n`);
    expect(sha(readFileSync(join(server.root, 'act.bin')))).toBe(sha(data));

    await host.write('AT+QFTPGET="act.bin","COM:"\r');
    const whole = await host.until(`\r\nOK\r\n\r\n+QFTPGET: 0,${data.length}\r\n`, 10_000);
    expect(sha(whole.subarray('\r\nCONNECT\r\n'.length, whole.length - `\r\nOK\r\n\r\n+QFTPGET: 0,${data.length}\r\n`.length))).toBe(sha(data));

    await host.write('AT+QFTPGET="act.bin","COM:",100,500\r');
    const ranged = await host.until('\r\nOK\r\n\r\n+QFTPGET: 0,500\r\n', 10_000);
    expect(ranged.subarray('\r\nCONNECT\r\n'.length, '\r\nCONNECT\r\n'.length + 500)).toEqual(data.subarray(100, 600));

    const list = await host.cmdLine('AT+QFTPLIST="."', '+QFTPLIST: ');
    expect(list).toMatch(new RegExp(`^\\r\\nCONNECT\\r\\n[\\s\\S]*${data.length} [\\s\\S]*act\\.bin\\r\\n\\r\\nOK\\r\\n\\r\\n\\+QFTPLIST: 0,\\d+\\r\\n$`));
  });
});

describe('EC25 FTPS with transmode 0', () => {
  it('cannot open a data connection (AN §2.1: FTPS does not support active mode): 615', async () => {
    const cert = testCertificate();
    const tlsServer = await startTestFtpServer({ tls: 'explicit', key: readFileSync(cert.keyPath), cert: readFileSync(cert.certPath) });
    const { vm, host } = await ec25Session(tlsServer);
    try {
      await host.cmd('AT+QFTPCFG="ssltype",2');
      await host.cmd('AT+QFTPCFG="transmode",0');
      expect(await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${tlsServer.port}`, '+QFTPOPEN: ')).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 0,0\r\n');
      expect(await host.cmdLine('AT+QFTPLIST="."', '+QFTPLIST: ')).toMatch(/\+QFTPLIST: 615,0\r\n$/);
    } finally {
      await vm.close();
      await tlsServer.stop();
    }
  });
});

describe('SIM7080G with FTPMODE=0 (active)', () => {
  let host: Host;
  beforeAll(async () => {
    host = new Host();
    await connectTo(host, server);
    expect(await host.at('AT+FTPMODE=0')).toBe(OK);
    expect(await host.at('AT+FTPMODE?')).toBe('\r\n+FTPMODE: 0\r\n\r\nOK\r\n');
  });
  afterAll(async () => host.model.close());

  it('uploads with FTPETPUT and FTPPUT, downloads with FTPETGET and FTPGET, byte exact', async () => {
    const data = payload(9_000);
    await host.at('AT+FTPPUTNAME="sact.bin"');
    await host.at('AT+FTPPUTPATH="/"');
    await host.at('AT+FTPETPUT=1');
    await host.until('\r\n+FTPETPUT: 1,1\r\n');
    host.send('AT+FTPETPUT=2\r');
    await host.until('\r\n+FTPETPUT: 2,1\r\n');
    host.send(Buffer.concat([stuff(data), Buffer.from([0x03])]));
    await host.until(OK);
    await host.until('\r\n+FTPETPUT: 1,0\r\n');
    expect(sha(readFileSync(join(server.root, 'sact.bin')))).toBe(sha(data));

    await host.at('AT+FTPGETNAME="sact.bin"');
    await host.at('AT+FTPGETPATH="/"');
    expect(await host.at('AT+FTPETGET=1')).toBe(OK);
    await host.until('\r\n+FTPETGET: 1,1\r\n');
    const wire = stuff(data);
    expect(sha(await host.bytes(wire.length))).toBe(sha(wire));
    expect(await host.bytes(1)).toEqual(Buffer.from([0x03]));
    await host.until('\r\n+FTPETGET: 1,0\r\n');

    writeFileSync(join(server.root, 'sget.bin'), data);
    await host.at('AT+FTPGETNAME="sget.bin"');
    await host.at('AT+FTPGET=1');
    await host.until('\r\n+FTPGET: 1,1\r\n');
    expect(sha(await readSession(host, '+FTPGET', 1460))).toBe(sha(data));
  });

  it('reports the server failing to reach the module with 76 (active error)', async () => {
    host.faults.refuseDataConnection = true;
    try {
      await host.at('AT+FTPGETNAME="sget.bin"');
      await host.at('AT+FTPGET=1');
      // ftp-srv waits 5 s for a connection that never comes, then answers 425.
      await host.until('\r\n+FTPGET: 1,76\r\n', 10_000);
    } finally {
      host.faults.refuseDataConnection = false;
    }
  }, 15_000);
});
