/**
 * Direct link on SARA-R5 (digest §5.2, §7; IADG §9.1) on the injected clock:
 * op 6 streams the raw file after CONNECT and stays until the host's +++
 * (S12 guard times), +++ before the end aborts (6,0, 1,40), <offset> is REST
 * before RETR; op 7 takes bytes until +++ after a pause of at least 2 s
 * (a shorter pause makes the pluses payload); variant direct-auto-exit;
 * SARA-R410M refuses ops 6 and 7.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/common/prng.js';
import { sha } from '../support/bytes.js';
import { FakeClock } from '../support/fake-clock.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { line, login, OK, op, Rig } from './rig.js';

let server: RunningTestFtpServer;
const data = ((): Buffer => {
  const random = seededRandom(9);
  // Payload that contains the escape and the module's own lines.
  return Buffer.concat([Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(random() * 256))), Buffer.from('+++\r\nDISCONNECT\r\nOK\r\n', 'latin1')]);
})();
beforeAll(async () => {
  server = await startTestFtpServer();
  await writeFile(join(server.root, 'dl.bin'), data);
  await writeFile(join(server.root, 'empty.bin'), '');
});
afterAll(async () => {
  await server.stop();
});
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

let rig: Rig;
let clock: FakeClock;
afterEach(async () => {
  await rig?.model.close();
});
async function ready(variants: string[] = [], flushed?: ConstructorParameters<typeof Rig>[2]): Promise<void> {
  clock = new FakeClock();
  rig = new Rig('SARA-R5', { clock, variants: new Set(variants) }, flushed);
  await rig.boot();
  await login(rig, 'SARA-R5', server, clock);
}
/** The host's escape: silence, +++, silence (S12 = 50: 1 s each). */
function escape(before = 1000): void {
  clock.advance(before);
  rig.write('+++');
  clock.advance(1000);
}

describe('SARA-R5 direct link', () => {
  it('op 6: CONNECT, the raw file, nothing until +++, then DISCONNECT, OK, +UUFTPCR: 6,1', async () => {
    await ready();
    rig.write('AT+UFTPC=6,"dl.bin"\r');
    expect((await rig.take('CONNECT\r\n')).toString('latin1')).toBe('\r\nCONNECT\r\n');
    expect(sha(await rig.bytes(data.length))).toBe(sha(data));
    await tick();
    expect(rig.rest).toBe('');
    // A +++ without the guard time before it is not an escape.
    rig.write('+++');
    clock.advance(1000);
    await tick();
    expect(rig.rest).toBe('');
    escape();
    expect((await rig.take('+UUFTPCR: 6,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 6,1')}`);
    // Command mode again, the login kept.
    expect(await op(rig, 'AT+UFTPC=8,"/"')).toBe(OK + line('+UUFTPCR: 8,1'));
  });

  it('op 6 <offset> is REST before RETR', async () => {
    await ready();
    rig.write('AT+UFTPC=6,"dl.bin",250\r');
    await rig.take('\r\nCONNECT\r\n');
    expect(sha(await rig.bytes(data.length - 250))).toBe(sha(data.subarray(250)));
    escape();
    expect((await rig.take('+UUFTPCR: 6,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 6,1')}`);
  });

  it('an empty file is CONNECT, then +++ ends it with 6,1', async () => {
    await ready();
    rig.write('AT+UFTPC=6,"empty.bin"\r');
    await rig.take('\r\nCONNECT\r\n');
    escape();
    expect((await rig.take('+UUFTPCR: 6,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 6,1')}`);
  });

  it('+++ before the end aborts: DISCONNECT, OK, +UUFTPCR: 6,0, +UFTPER: 1,40', async () => {
    let open = false;
    const waiting: Array<() => void> = [];
    // A line that does not drain: the transfer is still running when the host escapes.
    await ready([], () => (open ? Promise.resolve() : new Promise<void>((r) => waiting.push(r))));
    rig.write('AT+UFTPC=6,"dl.bin"\r');
    await rig.take('\r\nCONNECT\r\n');
    await rig.bytes(1024);
    escape();
    expect((await rig.take('+UUFTPCR: 6,0\r\n')).toString('latin1')).toMatch(/\r\nDISCONNECT\r\n\r\nOK\r\n\r\n\+UUFTPCR: 6,0\r\n$/);
    open = true;
    for (const w of waiting.splice(0)) w();
    expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,40') + OK);
  });

  it('a missing file is OK, +UUFTPCR: 6,0 without CONNECT, +UFTPER: 1,35', async () => {
    await ready();
    expect(await op(rig, 'AT+UFTPC=6,"nope.bin"')).toBe(OK + line('+UUFTPCR: 6,0'));
    expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,35') + OK);
  });

  it('variant direct-auto-exit: the module leaves direct link by itself at the end of the file', async () => {
    await ready(['direct-auto-exit']);
    rig.write('AT+UFTPC=6,"dl.bin"\r');
    await rig.take('\r\nCONNECT\r\n');
    expect(sha(await rig.bytes(data.length))).toBe(sha(data));
    expect((await rig.take('+UUFTPCR: 6,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 6,1')}`);
  });

  it('op 7: CONNECT, bytes, +++ after a pause under 2 s is payload, after 2 s it ends: DISCONNECT, OK, 7,1', async () => {
    await ready();
    rig.write('AT+UFTPC=7,"up.bin"\r');
    expect((await rig.take('CONNECT\r\n')).toString('latin1')).toBe('\r\nCONNECT\r\n');
    rig.write(data);
    escape(1500);
    await tick();
    expect(rig.rest).toBe('');
    escape(2000);
    expect((await rig.take('+UUFTPCR: 7,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 7,1')}`);
    expect(sha(await readFile(join(server.root, 'up.bin')))).toBe(sha(Buffer.concat([data, Buffer.from('+++')])));
  });

  it('ATS12 sets the guard time in 1/50 s', async () => {
    await ready();
    expect(await rig.at('ATS12?')).toBe(line('050') + OK);
    expect(await rig.at('ATS12=10')).toBe(OK);
    rig.write('AT+UFTPC=6,"empty.bin"\r');
    await rig.take('\r\nCONNECT\r\n');
    clock.advance(200);
    rig.write('+++');
    clock.advance(200);
    expect((await rig.take('+UUFTPCR: 6,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 6,1')}`);
  });
});

describe('SARA-R410M', () => {
  it('has no direct link: AT+UFTPC=6 and 7 answer +CME ERROR: 4', async () => {
    rig = new Rig('SARA-R410M');
    await rig.boot();
    await rig.at('AT+CMEE=1');
    await login(rig, 'SARA-R410M', server);
    expect(await rig.at('AT+UFTPC=6,"dl.bin"', 'ERROR: 4\r\n')).toBe('\r\n+CME ERROR: 4\r\n');
    expect(await rig.at('AT+UFTPC=7,"x"', 'ERROR: 4\r\n')).toBe('\r\n+CME ERROR: 4\r\n');
  });

  it('variant direct-link: AT+UFTPC=? lists 6 and 7 and op 6 streams the file', async () => {
    clock = new FakeClock();
    rig = new Rig('SARA-R410M', { clock, variants: new Set(['direct-link']) });
    await rig.boot();
    expect(await rig.at('AT+UFTPC=?')).toBe(line('+UFTPC: (0-8,10,11,13,14,100)') + OK);
    await login(rig, 'SARA-R410M', server);
    rig.write('AT+UFTPC=6,"dl.bin"\r');
    await rig.take('\r\nCONNECT\r\n');
    expect(sha(await rig.bytes(data.length))).toBe(sha(data));
    escape();
    expect((await rig.take('+UUFTPCR: 6,1\r\n')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}${line('+UUFTPCR: 6,1')}`);
  });
});
