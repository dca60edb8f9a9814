/**
 * Byte-exact transfers through the file system (digest §5.1, §6, §7): a file
 * as large as each member's flash holds, downloaded with AT+UFTPC=4 and read
 * back in AT+URDBLOCK blocks; uploads staged with AT+UDWNFILE and sent with
 * AT+UFTPC=5; op 4 <retrieving_mode> 1 resuming from the local file's end;
 * a download larger than the free space; listings split into +UUFTPCD URCs
 * of at most N bytes; and, against proftpd, REST+STOR at <offset> (op 5,
 * op 7) and explicit FTPS (AT+UFTP=8,1).
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noise, sha } from '../support/bytes.js';
import { FakeClock } from '../support/fake-clock.js';
import { proftpdAvailable, requireTool, startProftpd, startTestFtpServer, type ProftpdServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { line, login, OK, op, Rig, SARA_MODELS, type SaraModelName } from './rig.js';

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});
const SIZE: Record<SaraModelName, number> = { 'SARA-R5': 1_000_000, 'SARA-R410M': 236_800 };

/** Reads `name` (of `size` bytes) from the flash in `block`-byte AT+URDBLOCK reads. */
async function readBlocks(rig: Rig, name: string, size: number, block: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let at = 0; at < size; at += block) {
    rig.write(`AT+URDBLOCK="${name}",${at},${block}\r`);
    const n = Math.min(block, size - at);
    const head = `\r\n+URDBLOCK: "${name}",${n},"`;
    expect((await rig.bytes(head.length)).toString('latin1')).toBe(head);
    parts.push(await rig.bytes(n));
    expect((await rig.bytes(3 + OK.length)).toString('latin1')).toBe(`"\r\n${OK}`);
  }
  return Buffer.concat(parts);
}

async function stage(rig: Rig, name: string, data: Buffer): Promise<void> {
  await rig.at(`AT+UDWNFILE="${name}",${data.length}`, '>');
  rig.write(data);
  await rig.take(OK);
}

let rig: Rig;
afterEach(async () => {
  await rig?.model.close();
});

describe.each(SARA_MODELS)('%s transfers', (model) => {
  const ready = async (options: ConstructorParameters<typeof Rig>[1] = {}): Promise<Rig> => {
    rig = new Rig(model, options);
    await rig.boot();
    await rig.at('AT+CMEE=2');
    await login(rig, model, server);
    return rig;
  };

  it(`downloads ${SIZE[model]} bytes (the flash's size) into the file system and reads them back sha256-exact`, async () => {
    const data = noise(SIZE[model], 1);
    await writeFile(join(server.root, `fs-${model}.bin`), data);
    await ready();
    expect(await op(rig, `AT+UFTPC=4,"fs-${model}.bin","f.bin"`)).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(await rig.at('AT+ULSTFILE=1')).toBe(line('+ULSTFILE: ' + String((model === 'SARA-R5' ? 2 * 1024 * 1024 : 236_800) - SIZE[model])) + OK);
    expect(sha(await readBlocks(rig, 'f.bin', SIZE[model], 64_000))).toBe(sha(data));
  });

  it('a download larger than the free space fails with 1,73 and keeps what fitted', async () => {
    const room = model === 'SARA-R5' ? 2 * 1024 * 1024 : 236_800;
    const data = noise(room + 5000, 2);
    await writeFile(join(server.root, `over-${model}.bin`), data);
    await ready();
    expect(await op(rig, `AT+UFTPC=4,"over-${model}.bin","o.bin"`)).toBe(OK + line('+UUFTPCR: 4,0'));
    expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,73') + OK);
    const kept = Number(/\+ULSTFILE: (\d+)/.exec(await rig.at('AT+ULSTFILE=2,"o.bin"'))?.[1]);
    expect(kept).toBeLessThanOrEqual(room);
    expect(sha(await readBlocks(rig, 'o.bin', kept, 100_000))).toBe(sha(data.subarray(0, kept)));
  });

  it('uploads a staged file with AT+UFTPC=5, sha256-exact; a second UDWNFILE without UDELFILE appends', async () => {
    const data = noise(120_000, 3);
    await ready();
    await stage(rig, 'up.bin', data);
    expect(await op(rig, `AT+UFTPC=5,"up.bin","up-${model}.bin"`)).toBe(OK + line('+UUFTPCR: 5,1'));
    expect(sha(await readFile(join(server.root, `up-${model}.bin`)))).toBe(sha(data));
    await stage(rig, 'up.bin', Buffer.from('tail'));
    expect(await op(rig, `AT+UFTPC=5,"up.bin","up2-${model}.bin"`)).toBe(OK + line('+UUFTPCR: 5,1'));
    expect(sha(await readFile(join(server.root, `up2-${model}.bin`)))).toBe(sha(Buffer.concat([data, Buffer.from('tail')])));
  });

  it('op 4 <retrieving_mode> 1 resumes from the local file\'s end and appends; mode 0 replaces', async () => {
    const data = noise(50_000, 4);
    await writeFile(join(server.root, 'resume.bin'), data);
    await ready();
    await stage(rig, 'r.bin', data.subarray(0, 12_345));
    expect(await op(rig, 'AT+UFTPC=4,"resume.bin","r.bin",1')).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(sha(await readBlocks(rig, 'r.bin', 50_000, 50_000))).toBe(sha(data));
    expect(await op(rig, 'AT+UFTPC=4,"resume.bin","r.bin"')).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(await rig.at('AT+ULSTFILE=2,"r.bin"')).toBe(line('+ULSTFILE: 50000') + OK);
  });

  it('splits a long listing into +UUFTPCD URCs of at most N bytes (timing.frameBytes), exact lengths, then +UUFTPCR', async () => {
    await mkdir(join(server.root, `many-${model}`), { recursive: true });
    for (let i = 0; i < 40; i++) await writeFile(join(server.root, `many-${model}`, `file-${String(i).padStart(3, '0')}.txt`), 'x'.repeat(i));
    await ready({ timing: { frameBytes: 300 } });
    for (const code of [13, 14]) {
      rig.write(`AT+UFTPC=${code},"many-${model}"\r`);
      expect((await rig.bytes(OK.length)).toString('latin1')).toBe(OK);
      const parts: Buffer[] = [];
      for (;;) {
        const lead = (await rig.bytes(12)).toString('latin1');
        if (lead === '\r\n+UUFTPCR: ') {
          expect((await rig.take('\r\n')).toString('latin1')).toBe(`${code},1\r\n`);
          break;
        }
        const head = lead + (await rig.take('"', 8000)).toString('latin1');
        const m = new RegExp(`^\\r\\n\\+UUFTPCD: ${code},(\\d+),"$`).exec(head);
        expect(m, head).not.toBeNull();
        const n = Number((m as RegExpExecArray)[1]);
        expect(n).toBeLessThanOrEqual(300);
        parts.push(await rig.bytes(n));
        expect((await rig.bytes(3)).toString('latin1')).toBe('"\r\n');
      }
      expect(parts.length).toBeGreaterThan(1);
      const text = Buffer.concat(parts).toString('latin1');
      expect(text.split('\r\n').filter((l) => l.includes('file-')).length).toBe(40);
      if (code === 14) expect(text).toMatch(/^(.*file-\d{3}\.txt\r\n){40}$/);
    }
  });

  it('the inactivity timeout (op 5, 30 s on the injected clock) ends the login: the next op is 1,33; 0 disables it', async () => {
    const clock = new FakeClock();
    rig = new Rig(model, { clock });
    await rig.boot();
    await login(rig, model, server, clock);
    clock.advance(29_999);
    expect(await op(rig, 'AT+UFTPC=8,"/"')).toBe(OK + line('+UUFTPCR: 8,1'));
    // Each op restarts the timer.
    clock.advance(29_999);
    expect(await op(rig, 'AT+UFTPC=8,"/"')).toBe(OK + line('+UUFTPCR: 8,1'));
    clock.advance(30_000);
    expect(await op(rig, 'AT+UFTPC=8,"/"')).toBe(OK + line('+UUFTPCR: 8,0'));
    expect(await rig.at('AT+UFTPER')).toBe(line('+UFTPER: 1,33') + OK);
    expect(await op(rig, 'AT+UFTPC=1')).toBe(OK + line('+UUFTPCR: 1,1'));
    expect(await rig.at('AT+UFTP=5,0')).toBe(OK);
    clock.advance(3_600_000);
    expect(await op(rig, 'AT+UFTPC=8,"/"')).toBe(OK + line('+UUFTPCR: 8,1'));
  });
});

const withProftpd = requireTool(proftpdAvailable(), 'proftpd');
describe.runIf(withProftpd)('against proftpd (REST+STOR, explicit FTPS)', () => {
  let pro: ProftpdServer;
  beforeAll(async () => {
    pro = await startProftpd();
  });
  afterAll(async () => {
    await pro?.stop();
  });

  it.each(SARA_MODELS)('%s: op 5 <offset> is REST before STOR with the local bytes from there', async (model) => {
    rig = new Rig(model);
    await rig.boot();
    await login(rig, model, pro);
    const data = noise(10_000, 5);
    await stage(rig, 'g', data);
    // proftpd runs as nobody: the file to grow is one it wrote.
    expect(await op(rig, `AT+UFTPC=5,"g","grow-${model}.bin"`)).toBe(OK + line('+UUFTPCR: 5,1'));
    await rig.at('AT+UDELFILE="g"');
    const longer = Buffer.concat([data.subarray(0, 4000), noise(9000, 6)]);
    await stage(rig, 'g', longer);
    expect(await op(rig, `AT+UFTPC=5,"g","grow-${model}.bin",4000`)).toBe(OK + line('+UUFTPCR: 5,1'));
    expect(sha(await readFile(join(pro.root, `grow-${model}.bin`)))).toBe(sha(longer));
  });

  it('SARA-R5: op 7 <offset> is REST before STOR', async () => {
    const clock = new FakeClock();
    rig = new Rig('SARA-R5', { clock });
    await rig.boot();
    await login(rig, 'SARA-R5', pro, clock);
    await stage(rig, 'h', Buffer.from('0123456789'));
    await op(rig, 'AT+UFTPC=5,"h","dl7.bin"');
    rig.write('AT+UFTPC=7,"dl7.bin",4\r');
    await rig.take('\r\nCONNECT\r\n');
    rig.write('abcdefgh');
    clock.advance(2000);
    rig.write('+++');
    clock.advance(1000);
    expect((await rig.take('+UUFTPCR: 7,')).toString('latin1')).toBe(`\r\nDISCONNECT\r\n${OK}\r\n+UUFTPCR: 7,`);
    expect((await rig.take('\r\n')).toString('latin1')).toBe('1\r\n');
    expect(await readFile(join(pro.root, 'dl7.bin'), 'latin1')).toBe('0123abcdefgh');
  });

  it.each(SARA_MODELS)('%s: AT+UFTP=8,1 logs in with explicit TLS and moves a file', async (model) => {
    rig = new Rig(model);
    await rig.boot();
    await rig.at('AT+UFTP=8,1');
    if (model === 'SARA-R5') await rig.at('AT+UFTP=12,1');
    await login(rig, model, pro);
    const data = noise(30_000, 7);
    await stage(rig, 't', data);
    expect(await op(rig, `AT+UFTPC=5,"t","tls-${model}.bin"`)).toBe(OK + line('+UUFTPCR: 5,1'));
    expect(await op(rig, `AT+UFTPC=4,"tls-${model}.bin","back"`)).toBe(OK + line('+UUFTPCR: 4,1'));
    expect(sha(await readBlocks(rig, 'back', data.length, 30_000))).toBe(sha(data));
  });
});
