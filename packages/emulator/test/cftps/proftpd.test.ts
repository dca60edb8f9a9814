/**
 * Against proftpd (explicit and implicit TLS, REST+STOR): FTPS by
 * `<server_type>` with the server certificate verified against a CA stored
 * with AT+CCERTDOWN and named by AT+CSSLCFG (A-MAN §19; A-SSL), and uploads
 * at `<rest_size>` (append = SIZE, then PUT at that offset).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { proftpdAvailable, requireTool, startProftpd, type ProftpdServer } from '../support/ftp-servers.js';
import { readFrames, Rig, type CftpsModelName } from './rig.js';

const run = requireTool(proftpdAvailable(), 'proftpd');
let server: ProftpdServer;
const line = (text: string): string => `\r\n${text}\r\n`;
const OK = line('OK');
/** A self-signed certificate that did not sign the server's. */
function otherCa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cftps-ca-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
  const pem = readFileSync(join(dir, 'c.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return pem;
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.runIf(run).each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s against proftpd', (model) => {
  let rig: Rig;
  beforeAll(async () => {
    server = await startProftpd();
    await writeFile(join(server.root, 'tls.bin'), Buffer.alloc(30_000, 0x5a));
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    await rig?.model.close();
  });

  /** Stores `ca` as "ca.pem" and makes SSL context 0 verify the server against it. */
  async function trust(ca: string | undefined): Promise<void> {
    rig = new Rig(model);
    await rig.boot();
    if (ca === undefined) return;
    const bytes = Buffer.from(ca);
    expect(await rig.at(`AT+CCERTDOWN="ca.pem",${bytes.length}`, '>')).toBe('\r\n>');
    rig.write(bytes);
    await rig.take(OK);
    expect(await rig.at('AT+CCERTLIST')).toBe(line('+CCERTLIST: "ca.pem"') + OK);
    expect(await rig.at('AT+CSSLCFG="authmode",0,1')).toBe(OK);
    expect(await rig.at('AT+CSSLCFG="cacert",0,"ca.pem"')).toBe(OK);
    expect(await rig.at('AT+CSSLCFG="authmode",0')).toBe(line('+CSSLCFG: "authmode",0,1') + OK);
    if (model === 'A7670E') {
      expect(await rig.at('AT+CFTPSSLCFG=0,0')).toBe(OK);
      expect(await rig.at('AT+CFTPSSLCFG=1,0')).toBe(OK);
    } else expect(await rig.at('AT+CFTPSSLCFG=0,0', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
  }

  const login = async (port: number, serverType: string): Promise<string> => {
    await rig.at('AT+CFTPSSTART', '+CFTPSSTART: 0\r\n');
    const head = await rig.at(`AT+CFTPSLOGIN="127.0.0.1",${port},"${server.user}","${server.password}"${serverType}`, '+CFTPSLOGIN: ');
    return head + (await rig.take('\r\n')).toString('latin1');
  };

  it.each([
    ['explicit AUTH TLS (2)', 'port', ',2'],
    ['explicit AUTH SSL (1)', 'port', ',1'],
    ['implicit (3)', 'implicitPort', ',3'],
    ['implicit by default (no <server_type>, Q2)', 'implicitPort', ''],
  ] as const)('%s: verified login, download and upload byte exact', async (_name, port, serverType) => {
    await trust(server.ca);
    expect(await login(server[port], serverType)).toBe(OK + line('+CFTPSLOGIN: 0'));
    await rig.at('AT+CFTPSGET="tls.bin"');
    const got = await readFrames(rig, '+CFTPSGET');
    expect(got.result).toBe('+CFTPSGET: 0');
    expect(sha(got.data)).toBe(sha(Buffer.alloc(30_000, 0x5a)));
    await rig.at(`AT+CFTPSPUT="up-${port}.txt",5`, '>');
    rig.write('hello');
    await rig.take('+CFTPSPUT: 0\r\n');
    expect(await readFile(join(server.root, `up-${port}.txt`), 'latin1')).toBe('hello');
  });

  it('a server certificate the stored CA does not sign fails the login with 1 (SSL alert)', async () => {
    await trust(otherCa());
    expect(await login(server.port, ',2')).toBe(OK + line('+CFTPSLOGIN: 1'));
  });

  it('authmode 0 (the default) does not verify: the same server logs in without a CA', async () => {
    await trust(undefined);
    expect(await login(server.implicitPort, ',3')).toBe(OK + line('+CFTPSLOGIN: 0'));
  });

  it.runIf(model === 'A7670E')('data-ssl-unbound: FTPS data fails (explicit 1, implicit 14) until AT+CFTPSSLCFG=1,<ctx> (LILY #320)', async () => {
    for (const [port, type, code] of [['port', 2, 1], ['implicitPort', 3, 14]] as const) {
      rig = new Rig(model, { variants: new Set(['data-ssl-unbound']) });
      await rig.boot();
      expect(await login(server[port], `,${type}`)).toBe(OK + line('+CFTPSLOGIN: 0'));
      // The control session works: only data connections fail.
      expect(await rig.at('AT+CFTPSPWD', '"/"\r\n')).toBe(OK + line('+CFTPSPWD: "/"'));
      expect(await rig.at('AT+CFTPSLIST="/"', `+CFTPSLIST: ${code}\r\n`)).toBe(OK + line(`+CFTPSLIST: ${code}`));
      expect(await rig.at('AT+CFTPSPUT="x.bin"', '\r\nERROR\r\n')).toBe(line(`+CFTPSPUT: ${code}`) + '\r\nERROR\r\n');
      expect(await rig.at('AT+CFTPSSLCFG=1,0')).toBe(OK);
      await rig.at('AT+CFTPSGET="tls.bin"');
      expect((await readFrames(rig, '+CFTPSGET')).result).toBe('+CFTPSGET: 0');
      await rig.model.close();
    }
  });

  it('appends at <rest_size>: SIZE, then the escaped stream at that offset (REST + STOR)', async () => {
    await trust(undefined);
    await login(server.port, ',0');
    // proftpd runs as nobody: the file to grow is one it wrote.
    await rig.at('AT+CFTPSPUT="grow.txt",5', '>');
    rig.write('hello');
    await rig.take('+CFTPSPUT: 0\r\n');
    expect(await rig.at('AT+CFTPSSIZE="grow.txt"', '+CFTPSSIZE: 5\r\n')).toBe(OK + line('+CFTPSSIZE: 5'));
    await rig.at('AT+CFTPSPUT="grow.txt",0,5', '>');
    rig.write(Buffer.from(' world\x03\x1a\x1a', 'latin1'));
    await rig.take('+CFTPSPUT: 0\r\n');
    expect(await readFile(join(server.root, 'grow.txt'), 'latin1')).toBe('hello world\x1a');
  });
});
