/**
 * The example exchanges of the u-blox digest (IADG §9 as digest §11, R4-MAN
 * §16/§20 as digest §5), replayed byte for byte against the virtual SARA-R5
 * and SARA-R410M with a real FTP server (ftp-srv) behind them. Where the
 * example names a public server, the test's server on 127.0.0.1 stands in
 * (`AT+UFTP=1,"127.0.0.1"` plus `AT+UFTP=7,<port>`; its user and password).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { noise, sha } from '../support/bytes.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { bearer, line, login, OK, op, Rig, SARA_MODELS } from './rig.js';

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});

describe.each(SARA_MODELS)('%s', (model) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = new Rig(model);
    await rig.boot();
  });
  afterEach(async () => {
    await rig.model.close();
  });

  it('digest §11 (IADG §9): profile, login, MKD, CWD, STOR at 250, CWD .., RETR resume, logout', async () => {
    await mkdir(join(server.root, 'ex11'), { recursive: true });
    await writeFile(join(server.root, 'ex11', 'data.zip'), noise(5000, 1));
    await bearer(rig, model);
    // The local files the example sends and resumes into.
    const positions = noise(400, 2);
    await rig.at(`AT+UDWNFILE="gps_positions",${positions.length}`, '>');
    rig.write(positions);
    await rig.take(OK);
    await rig.at('AT+UDWNFILE="data.zip",1000', '>');
    rig.write(noise(5000, 1).subarray(0, 1000));
    await rig.take(OK);
    // A server that honours REST before STOR is not needed: ftp-srv writes from the offset into a new file.
    const steps: Array<[string, string]> = [
      ['AT+UFTP=1,"127.0.0.1"', OK],
      [`AT+UFTP=7,${server.port}`, OK],
      [`AT+UFTP=2,"${server.user}"`, OK],
      [`AT+UFTP=3,"${server.password}"`, OK],
      ['AT+UFTP=6,1', OK],
      ['AT+UFTPC=1', OK + line('+UUFTPCR: 1,1')],
      ['AT+UFTPC=8,"ex11"', OK + line('+UUFTPCR: 8,1')],
      ['AT+UFTPC=10,"uploads"', OK + line('+UUFTPCR: 10,1')],
      ['AT+UFTPC=8,"uploads"', OK + line('+UUFTPCR: 8,1')],
      ['AT+UFTPC=5,"gps_positions","gps_positions",250', OK + line('+UUFTPCR: 5,1')],
      ['AT+UFTPC=8,".."', OK + line('+UUFTPCR: 8,1')],
      ['AT+UFTPC=4,"data.zip","data.zip",1', OK + line('+UUFTPCR: 4,1')],
      ['AT+UFTPC=0', OK + line('+UUFTPCR: 0,1')],
    ];
    await rig.replay(steps);
    expect((await stat(join(server.root, 'ex11', 'uploads'))).isDirectory()).toBe(true);
    // Resume: 1000 local bytes, then the server's bytes from 1000 appended.
    expect(await rig.at('AT+ULSTFILE=2,"data.zip"')).toBe(line('+ULSTFILE: 5000') + OK);
    const got = await rig.at('AT+URDFILE="data.zip"');
    expect(sha(Buffer.from(got.slice('\r\n+URDFILE: "data.zip",5000,"'.length, -'"\r\n\r\nOK\r\n'.length), 'latin1'))).toBe(sha(noise(5000, 1)));
  });

  it('digest §11 (IADG §9.3): a login without a user fails; AT+UFTPER says 1,1', async () => {
    await bearer(rig, model);
    expect(await rig.at('AT+UFTPC=1', '+UUFTPCR: 1,0\r\n')).toBe(OK + line('+UUFTPCR: 1,0'));
    expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,1') + OK);
  });

  it('digest §5.1: RETR into the file system, ULSTFILE=2, URDBLOCK of 20 raw bytes', async () => {
    const data = noise(21041, 3);
    await writeFile(join(server.root, 'data.zip'), data);
    await login(rig, model, server);
    expect(await rig.at('AT+UFTPC=4,"data.zip","data.zip"', '+UUFTPCR: 4,1\r\n')).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(await rig.at('AT+ULSTFILE=2,"data.zip"')).toBe(line('+ULSTFILE: 21041') + OK);
    rig.write('AT+URDBLOCK="data.zip",0,20\r');
    const head = Buffer.from('\r\n+URDBLOCK: "data.zip",20,"', 'latin1');
    expect(await rig.bytes(head.length)).toEqual(head);
    expect(await rig.bytes(20)).toEqual(data.subarray(0, 20));
    expect((await rig.take(OK)).toString('latin1')).toBe(`"\r\n${OK}`);
  });

  it('digest §5.3: LIST as +UUFTPCD: 13,<len>,"<raw>" (exact byte length) before +UUFTPCR: 13,1', async () => {
    await mkdir(join(server.root, 'lst'), { recursive: true });
    await writeFile(join(server.root, 'lst', 'dat_000'), 'x'.repeat(1037));
    await login(rig, model, server);
    const text = await op(rig, 'AT+UFTPC=13,"lst"');
    const m = /^\r\nOK\r\n\r\n\+UUFTPCD: 13,(\d+),"([\s\S]*)"\r\n\r\n\+UUFTPCR: 13,1\r\n$/.exec(text);
    expect(m).not.toBeNull();
    const [, len, body] = m as RegExpExecArray;
    expect(Buffer.byteLength(body as string, 'latin1')).toBe(Number(len));
    expect(body).toMatch(/^-rw.* 1037 .* dat_000\r\n$/);
  });

  it('identifies as u-blox with the model, firmware and IMEI lines', async () => {
    const name = model === 'SARA-R5' ? 'SARA-R500S' : 'SARA-R410M-02B';
    expect(await rig.at('AT+CGMI')).toBe(line('u-blox') + OK);
    expect(await rig.at('AT+CGMM')).toBe(line(name) + OK);
    expect(await rig.at('AT+CGMR')).toMatch(/^\r\n(02\.06|L0\.0\.00\.00\.05\.08 \[.*\])\r\n\r\nOK\r\n$/);
    expect(await rig.at('ATI')).toMatch(new RegExp(`^\\r\\nManufacturer: u-blox\\r\\nModel: ${name}\\r\\nRevision: .*\\r\\nSVN: \\d+\\r\\nIMEI: \\d{15}\\r\\n\\r\\nOK\\r\\n$`));
    expect(await rig.at('ATI9')).toMatch(/^\r\n\S+,\S+\r\n\r\nOK\r\n$/);
    expect(await rig.at('AT+CGSN')).toMatch(/^\r\n\d{15}\r\n\r\nOK\r\n$/);
    expect(await rig.at('AT+CMEE=2')).toBe(OK);
    expect(await rig.at('AT+CPIN?')).toBe(line('+CPIN: READY') + OK);
    expect(await rig.at('AT+CEREG?')).toBe(line('+CEREG: 0,1') + OK);
  });
});


