/**
 * FTPS through AT+FTPSSL (S-FTPAN V1.02 §5.2): the CA is uploaded to the module
 * file system, converted with AT+CSSLCFG="CONVERT", and the TLS connection
 * behind the modem really validates the server's certificate (proftpd).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proftpdAvailable, requireTool, startProftpd, type ProftpdServer } from './support/ftp-servers.js';
import { connectTo, Host, OK, readSession } from './sim7080-harness.js';

const run = requireTool(proftpdAvailable(), 'proftpd');
let server: ProftpdServer;
const FIFTY = '01234567890123456789012345678901234567890123456789';

describe.runIf(run)('FTPS (proftpd)', () => {
  beforeAll(async () => {
    server = await startProftpd();
    await writeFile(join(server.root, 'simftp.txt'), FIFTY);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function withCa(port: number): Promise<Host> {
    const host = new Host();
    await connectTo(host, { ...server, port });
    const ca = Buffer.from(server.ca);
    expect(await host.at('AT+CFSINIT')).toBe(OK);
    host.send(`AT+CFSWFILE=3,"ftpbin_root_ca.cer",0,${ca.length},1000\r`);
    await host.until('\r\nDOWNLOAD\r\n');
    host.send(ca);
    await host.until(OK);
    expect(await host.at('AT+CFSTERM')).toBe(OK);
    expect(await host.at('AT+CSSLCFG="convert",2,"ftpbin_root_ca.cer"')).toBe(OK);
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPGETPATH="/"');
    return host;
  }

  it('explicit (§5.2.2)', async () => {
    const host = await withCa(server.port);
    expect(await host.at('AT+FTPSSL=2,0,"ftpbin_root_ca.cer",""')).toBe(OK);
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    await host.until('\r\n+FTPGET: 1,1\r\n', 10_000);
    expect((await readSession(host, '+FTPGET')).toString()).toBe(FIFTY);
    await host.model.close();
  });

  it('implicit (§5.2.3)', async () => {
    const host = await withCa(server.implicitPort);
    expect(await host.at('AT+FTPSSL=1,0,"ftpbin_root_ca.cer",""')).toBe(OK);
    expect(await host.at('AT+FTPGET=1')).toBe(OK);
    await host.until('\r\n+FTPGET: 1,1\r\n', 10_000);
    expect((await readSession(host, '+FTPGET')).toString()).toBe(FIFTY);
    await host.model.close();
  });

  it('a server certificate the converted CA does not sign → 90', async () => {
    const host = new Host();
    await connectTo(host, server);
    await host.at('AT+CFSINIT');
    const bogus = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    host.send(`AT+CFSWFILE=3,"other.cer",0,${bogus.length},1000\r`);
    await host.until('\r\nDOWNLOAD\r\n');
    host.send(bogus);
    await host.until(OK);
    await host.at('AT+CSSLCFG="CONVERT",2,"other.cer"');
    await host.at('AT+FTPSSL=2,0,"other.cer",""');
    await host.at('AT+FTPGETNAME="simftp.txt"');
    await host.at('AT+FTPGET=1');
    expect((await host.until('+FTPGET: 1,', 10_000)).toString()).toMatch(/\+FTPGET: 1,$/);
    expect((await host.until('\r\n')).toString()).toMatch(/^(90|91|92)\r\n$/);
    await host.model.close();
  });
});
