import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec25Session } from './support/ec25-session.js';
import { proftpdAvailable, requireTool, startProftpd, type ProftpdServer } from './support/ftp-servers.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const run = requireTool(proftpdAvailable(), 'proftpd with mod_tls (apt-get install proftpd-core proftpd-mod-crypto)');

describe.runIf(run)('EC25 against proftpd: MLSD, FTPS explicit and implicit, REST+STOR', () => {
  let server: ProftpdServer;
  beforeAll(async () => {
    server = await startProftpd();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['implicit (§3.2 ssltype 1)', 1],
    ['explicit (ssltype 2)', 2],
  ] as const)('FTPS %s: login, MLSD, §3.6 upload at <startpos> 1000', async (_label, sslType) => {
    const { vm, host } = await ec25Session(server, { tls: { ca: server.ca } });
    expect(await host.cmd(`AT+QFTPCFG="ssltype",${sslType}`)).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QFTPCFG="sslctxid",1')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QSSLCFG="ciphersuite",1,0xffff')).toBe('\r\nOK\r\n');
    expect(await host.cmd('AT+QSSLCFG="seclevel",1,1')).toBe('\r\nOK\r\n'); // verify against the test CA
    expect(await host.cmd('AT+QSSLCFG="sslversion",1,4')).toBe('\r\nOK\r\n');
    const port = sslType === 1 ? server.implicitPort : server.port;
    expect(await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${port}`, '+QFTPOPEN: ')).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 0,0\r\n');

    const name = `tls${sslType}.bin`;
    const first = randomBytes(1000);
    const second = randomBytes(500);
    for (const [data, start, len] of [[first, 0, 1000], [second, 1000, 500]] as const) {
      await host.write(`AT+QFTPPUT="${name}","COM:",${start}\r`);
      await host.until('\r\nCONNECT\r\n');
      await host.sleep(220);
      await host.write(data);
      await host.sleep(220);
      await host.write('+++');
      expect((await host.until(`+QFTPPUT: 0,${len}\r\n`)).toString()).toBe(`\r\nOK\r\n\r\n+QFTPPUT: 0,${len}\r\n`);
    }
    expect(await host.cmdLine(`AT+QFTPSIZE="${name}"`, '+QFTPSIZE: ')).toBe('\r\nOK\r\n\r\n+QFTPSIZE: 0,1500\r\n');
    expect(sha(readFileSync(join(server.root, name)))).toBe(sha(Buffer.concat([first, second])));

    const mlsd = await host.cmdLine('AT+QFTPMLSD="."', '+QFTPMLSD: 0,');
    const m = /^\r\nCONNECT\r\n([\s\S]*)\r\nOK\r\n\r\n\+QFTPMLSD: 0,(\d+)\r\n$/.exec(mlsd);
    expect(m?.[1]?.length).toBe(Number(m?.[2]));
    expect(m?.[1]).toMatch(new RegExp(`size=1500;type=file;[^\\r]* ${name}\\r\\n`));

    writeFileSync(join(server.root, 'dl.bin'), first);
    await host.write('AT+QFTPGET="dl.bin","COM:",250,500\r');
    const part = await host.until('+QFTPGET: 0,500\r\n');
    expect(sha(part.subarray(11, 511))).toBe(sha(first.subarray(250, 750)));
    expect(await host.cmd('AT+QFTPCLOSE')).toBe('\r\nOK\r\n');
    await host.until('+QFTPCLOSE: 0,0\r\n');
    await vm.close();
  });

  it('rejects an untrusted certificate with 631 when seclevel is 1', async () => {
    const { vm, host } = await ec25Session(server);
    await host.cmd('AT+QFTPCFG="ssltype",2');
    await host.cmd('AT+QSSLCFG="seclevel",0,1');
    expect(await host.cmdLine(`AT+QFTPOPEN="127.0.0.1",${server.port}`, '+QFTPOPEN: ')).toBe('\r\nOK\r\n\r\n+QFTPOPEN: 631,0\r\n');
    await vm.close();
  });
});
