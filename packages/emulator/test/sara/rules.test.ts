/**
 * The profile rules (digest §3) and the failures `AT+UFTPER` explains (§9):
 * 0/1 mutually exclusive, only 5 and 6 changeable while logged in, the
 * password never read back, active mode failing like a carrier blocks it,
 * 8/12 TLS, and each error pair made real against ftp-srv (wrong password,
 * missing file, closed port, refused data connection, silent server, busy,
 * wrong state, not logged in, no bearer).
 */
import { createServer, type Server } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { bearer, line, login, OK, op, Rig, SARA_MODELS, type SaraModelName } from './rig.js';

let server: RunningTestFtpServer;
let activeOnly: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
  activeOnly = await startTestFtpServer({ dataModes: ['active'] });
  await writeFile(join(server.root, 'big.bin'), Buffer.alloc(150_000, 7));
  await writeFile(join(activeOnly.root, 'a.txt'), 'active');
});
afterAll(async () => {
  await server.stop();
  await activeOnly.stop();
});

let rig: Rig;
afterEach(async () => {
  await rig?.model.close();
});
const start = async (model: SaraModelName, options: ConstructorParameters<typeof Rig>[1] = {}): Promise<Rig> => {
  rig = new Rig(model, options);
  await rig.boot();
  await rig.at('AT+CMEE=1');
  return rig;
};
const uftper = async (): Promise<string> => (await rig.at('AT+UFTPER')).trim().split('\r\n')[0] as string;

describe.each(SARA_MODELS)('%s profile (AT+UFTP)', (model) => {
  const r5 = model === 'SARA-R5';

  it('0 and 1 exclude each other, an omitted value resets to the default, the password is never read back', async () => {
    await start(model);
    for (const c of ['AT+UFTP=0,"10.1.2.3"', 'AT+UFTP=1,"ftp.example.com"', 'AT+UFTP=2,"user"', 'AT+UFTP=3,"s3cret"', 'AT+UFTP=7,2121', 'AT+UFTP=7']) {
      expect(await rig.at(c)).toBe(OK);
    }
    const read = await rig.at('AT+UFTP?');
    expect(read).toBe(
      [
        '+UFTP: 0,""', '+UFTP: 1,"ftp.example.com"', '+UFTP: 2,"user"', '+UFTP: 4,""',
        r5 ? '+UFTP: 5,30,60,60' : '+UFTP: 5,30', '+UFTP: 6,0', '+UFTP: 7,21', '+UFTP: 8,0,0', ...(r5 ? ['+UFTP: 12,0'] : []),
      ].map((l) => `\r\n${l}`).join('') + `\r\n${OK}`,
    );
    expect(read).not.toContain('s3cret');
    expect(await rig.at('AT+UFTP=0,"10.1.2.3"')).toBe(OK);
    expect(await rig.at('AT+UFTP?')).toContain('\r\n+UFTP: 0,"10.1.2.3"\r\n+UFTP: 1,""\r\n');
    expect(await rig.at('AT+UFTP=?')).toBe(line(r5 ? '+UFTP: (0-8,12)' : '+UFTP: (0-8)') + OK);
    expect(await rig.at('AT+UFTPC=?')).toBe(line(r5 ? '+UFTPC: (0-8,10,11,13,14,100)' : '+UFTPC: (0-5,8,10,11,13,14,100)') + OK);
  });

  it('refuses bad values, 12 on SARA-R4, and any change but 5 and 6 while logged in', async () => {
    await start(model);
    for (const c of ['AT+UFTP=7,0', 'AT+UFTP=6,2', 'AT+UFTP=5,86401', 'AT+UFTP=2,"' + 'u'.repeat(31) + '"', 'AT+UFTP=9,1', 'AT+UFTP=0,"ftp.x"']) {
      expect(await rig.at(c, '\r\n+CME ERROR: 50\r\n')).toBe('\r\n+CME ERROR: 50\r\n');
    }
    if (r5) expect(await rig.at('AT+UFTP=12,1')).toBe(OK);
    else expect(await rig.at('AT+UFTP=12,1', '\r\n+CME ERROR: 50\r\n')).toBe('\r\n+CME ERROR: 50\r\n');
    if (r5) expect(await rig.at('AT+UFTP=12,0')).toBe(OK);
    await login(rig, model, server);
    for (const c of ['AT+UFTP=2,"other"', 'AT+UFTP=7,21', 'AT+UFTP=0,"127.0.0.1"', 'AT+UFTP=8,1']) {
      expect(await rig.at(c, '\r\n+CME ERROR: 3\r\n')).toBe('\r\n+CME ERROR: 3\r\n');
    }
    expect(await rig.at('AT+UFTP=5,60')).toBe(OK);
    expect(await rig.at('AT+UFTP=6,1')).toBe(OK);
    expect(await op(rig, 'AT+UFTPC=0')).toBe(OK + line('+UUFTPCR: 0,1'));
    expect(await rig.at('AT+UFTP=2,"other"')).toBe(OK);
  });

  it('active mode is the default and a transfer in it fails like a carrier blocks it: 1,42', async () => {
    await start(model);
    await bearer(rig, model);
    for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${server.port}`, `AT+UFTP=2,"${server.user}"`, `AT+UFTP=3,"${server.password}"`]) await rig.at(c);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,1'));
    expect(await op(rig, 'AT+UFTPC=13')).toBe(OK + line('+UUFTPCR: 13,0'));
    expect(await uftper()).toBe('+UFTPER: 1,42');
    expect(await op(rig, 'AT+UFTPC=4,"big.bin","big.bin"')).toBe(OK + line('+UUFTPCR: 4,0'));
    // Passive mode may change while logged in, and then it works.
    await rig.at('AT+UFTP=6,1');
    expect(await op(rig, 'AT+UFTPC=14')).toMatch(/\+UUFTPCD: 14,\d+,"[\s\S]*big\.bin[\s\S]*\+UUFTPCR: 14,1\r\n$/);
  });

  it('variant active-reachable: active mode really runs (PORT) against a server that refuses PASV', async () => {
    await start(model, { variants: new Set(['active-reachable']) });
    await bearer(rig, model);
    for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${activeOnly.port}`, `AT+UFTP=2,"${activeOnly.user}"`, `AT+UFTP=3,"${activeOnly.password}"`]) await rig.at(c);
    await op(rig, 'AT+UFTPC=1');
    expect(await op(rig, 'AT+UFTPC=4,"a.txt","a.txt"')).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(await rig.at('AT+URDFILE="a.txt"')).toBe(`\r\n+URDFILE: "a.txt",6,"active"\r\n${OK}`);
  });
});

describe.each(SARA_MODELS)('%s failures and AT+UFTPER', (model) => {
  it('starts at 0,0; a second login is wrong state 8,10; an op before login is 1,33', async () => {
    await start(model);
    expect(await uftper()).toBe('+UFTPER: 0,0');
    expect(await op(rig, 'AT+UFTPC=8,"x"')).toBe(OK + line('+UUFTPCR: 8,0'));
    expect(await uftper()).toBe('+UFTPER: 1,33');
    await login(rig, model, server);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 8,10');
  });

  it('a wrong password is 1,34; no server is 1,4; a closed port is 1,22; a host that does not resolve is 1,48', async () => {
    await start(model);
    await bearer(rig, model);
    await rig.at(`AT+UFTP=2,"${server.user}"`);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 1,4');
    for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${server.port}`, 'AT+UFTP=3,"wrong"']) await rig.at(c);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 1,34');
    await rig.at('AT+UFTP=7,1');
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 1,22');
    rig.faults.dnsFailure = true;
    await rig.at('AT+UFTP=1,"ftp.invalid"');
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 1,48');
  });

  it('AT+UFTP=8,1 against a server without AUTH TLS fails the login with 8,63 (cannot set secure socket)', async () => {
    await start(model);
    await rig.at('AT+UFTP=8,1');
    expect(await rig.at('AT+UFTP?')).toContain('\r\n+UFTP: 8,1,0\r\n');
    await bearer(rig, model);
    for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${server.port}`, `AT+UFTP=2,"${server.user}"`, `AT+UFTP=3,"${server.password}"`]) await rig.at(c);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 8,63');
  });

  it('a missing file is 1,35, a missing folder 1,38, other server refusals pass their reply through', async () => {
    await mkdir(join(server.root, 'full'), { recursive: true });
    await writeFile(join(server.root, 'full', 'x'), 'x');
    await start(model);
    await login(rig, model, server);
    const cases: Array<[string, string]> = [
      ['AT+UFTPC=4,"nope.bin","nope.bin"', '+UFTPER: 1,35'],
      ['AT+UFTPC=2,"nope.bin"', '+UFTPER: 1,35'],
      ['AT+UFTPC=8,"nodir"', '+UFTPER: 1,38'],
      ['AT+UFTPC=11,"full"', '+UFTPER: 1,38'],
      ['AT+UFTPC=2', '+UFTPER: 1,6'],
      ['AT+UFTPC=8', '+UFTPER: 1,5'],
      ['AT+UFTPC=5,"not-local","r"', '+UFTPER: 1,68'],
    ];
    for (const [command, pair] of cases) {
      const code = /=(\d+)/.exec(command)?.[1] as string;
      expect(await op(rig, command)).toBe(OK + line(`+UUFTPCR: ${code},0`));
      expect(await uftper()).toBe(pair);
    }
    // The login survived every refusal.
    expect(await op(rig, 'AT+UFTPC=8,"full"')).toBe(OK + line('+UUFTPCR: 8,1'));
  });

  it('a refused data connection is 1,42; a data connection cut mid-transfer is 1,79', async () => {
    await start(model);
    await login(rig, model, server);
    rig.faults.refuseDataConnection = true;
    expect(await op(rig, 'AT+UFTPC=4,"big.bin","big.bin"')).toBe(OK + line('+UUFTPCR: 4,0'));
    expect(await uftper()).toBe('+UFTPER: 1,42');
    delete rig.faults.refuseDataConnection;
    rig.faults.closeDataAfterBytes = 10_000;
    expect(await op(rig, 'AT+UFTPC=4,"big.bin","big.bin"')).toBe(OK + line('+UUFTPCR: 4,0'));
    expect(await uftper()).toBe('+UFTPER: 1,79');
    delete rig.faults.closeDataAfterBytes;
    expect(await op(rig, 'AT+UFTPC=4,"big.bin","big.bin"')).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(await rig.at('AT+ULSTFILE=2,"big.bin"')).toBe(line('+ULSTFILE: 150000') + OK);
  });

  it('a second op while one runs is answered OK, +UUFTPCR: <op>,0 at once, 8,21; the first still ends well', async () => {
    await start(model);
    await login(rig, model, server);
    rig.write('AT+UFTPC=4,"big.bin","big.bin"\r');
    await rig.take(OK);
    expect(await op(rig, 'AT+UFTPC=8,"x"')).toBe(OK + line('+UUFTPCR: 8,0'));
    expect(await uftper()).toBe('+UFTPER: 8,21');
    expect((await rig.take('+UUFTPCR: 4,1\r\n')).toString('latin1')).toBe(line('+UUFTPCR: 4,1'));
  });

  it('a server that never answers is 1,31 after the response timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      await start(model, { timing: { serverTimeoutSeconds: 1 } });
      await bearer(rig, model);
      const port = (silent.address() as { port: number }).port;
      for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${port}`, 'AT+UFTP=2,"u"', 'AT+UFTP=3,"p"']) await rig.at(c);
      expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
      expect(await uftper()).toBe('+UFTPER: 1,31');
    } finally {
      silent.close();
    }
  });

  it('without a bearer the login fails with 1,12 (R5: PSD profile 0 not active; R4: context 1 down)', async () => {
    await start(model);
    if (model === 'SARA-R410M') await rig.at('AT+CGACT=0,1');
    for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${server.port}`, `AT+UFTP=2,"${server.user}"`, `AT+UFTP=3,"${server.password}"`]) await rig.at(c);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await uftper()).toBe('+UFTPER: 1,12');
  });
});
