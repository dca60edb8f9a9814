/**
 * Byte-exact transfers through a raw AT client: frame streams of the family's
 * sizes, listings split across frames, REST offsets, the prompted block and
 * the ETX/SUB escaped stream with every byte value.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/common/prng.js';
import { startTestFtpServer, type RunningTestFtpServer } from '../support/ftp-servers.js';
import { readFrames, Rig, type CftpsModelName } from './rig.js';

let server: RunningTestFtpServer;
beforeAll(async () => {
  server = await startTestFtpServer();
});
afterAll(async () => {
  await server.stop();
});

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const noise = (n: number, seed: number): Buffer => {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
};
/** The escaped upload stream: 0x03 and 0x1A get a 0x03 before them, a bare 0x1A ends it. */
const escape = (data: Buffer): Buffer => {
  const out: number[] = [];
  for (const b of data) {
    if (b === 0x03 || b === 0x1a) out.push(0x03);
    out.push(b);
  }
  return Buffer.from([...out, 0x1a]);
};

const MAX_FRAME: Record<CftpsModelName, number> = { A7670E: 1024, SIM7600G: 1480 };

describe.each(['A7670E', 'SIM7600G'] as CftpsModelName[])('%s', (model) => {
  let rig: Rig;
  afterEach(async () => {
    await rig.model.close();
  });
  const ready = async (options: ConstructorParameters<typeof Rig>[1] = {}): Promise<Rig> => {
    rig = new Rig(model, options);
    await rig.boot();
    await rig.login(server);
    return rig;
  };

  it(`downloads 300 kB sha256-exact in frames of at most ${MAX_FRAME[model]} bytes`, async () => {
    const data = noise(300_000, 1);
    await writeFile(join(server.root, `big-${model}.bin`), data);
    await ready();
    await rig.at(`AT+CFTPSGET="big-${model}.bin"`);
    const got = await readFrames(rig, '+CFTPSGET');
    expect(got.result).toBe('+CFTPSGET: 0');
    expect(sha(got.data)).toBe(sha(data));
    expect(Math.max(...got.sizes)).toBe(MAX_FRAME[model]);
  });

  it('varies the frame sizes under the field behaviours, seeded, and stays byte exact', async () => {
    const data = noise(50_000, 2);
    await writeFile(join(server.root, 'vary.bin'), data);
    await ready({ field: { seed: 5, urcRate: 0 } });
    await rig.at('AT+CFTPSGET="vary.bin"');
    const got = await readFrames(rig, '+CFTPSGET');
    expect(sha(got.data)).toBe(sha(data));
    expect(new Set(got.sizes).size).toBeGreaterThan(5);
    expect(Math.max(...got.sizes)).toBeLessThanOrEqual(MAX_FRAME[model]);
  });

  it('frames payload that looks like its own header and result lines by length only', async () => {
    const data = Buffer.from('\r\n+CFTPSGET: 0\r\n\r\n+CFTPSGET: DATA,5\r\nOK\r\n\x1a\x03'.repeat(400), 'latin1');
    await writeFile(join(server.root, 'lookalike.bin'), data);
    await ready({ timing: { frameBytes: 97 } });
    await rig.at('AT+CFTPSGET="lookalike.bin"');
    const got = await readFrames(rig, '+CFTPSGET');
    expect(got.result).toBe('+CFTPSGET: 0');
    expect(sha(got.data)).toBe(sha(data));
    expect(rig.rest).toBe('');
  });

  it('resumes at <rest_size> (REST before RETR)', async () => {
    const data = noise(10_000, 3);
    await writeFile(join(server.root, 'rest.bin'), data);
    await ready();
    await rig.at('AT+CFTPSGET="rest.bin",6001');
    const got = await readFrames(rig, '+CFTPSGET');
    expect(sha(got.data)).toBe(sha(data.subarray(6001)));
  });

  it.each([1, 7, 64])('splits a listing across %i-byte frames; the frames concatenate to the raw LIST text', async (frameBytes) => {
    for (let i = 0; i < 12; i++) await writeFile(join(server.root, `list-${i}.txt`), 'x'.repeat(i));
    await ready({ timing: { frameBytes } });
    await rig.at('AT+CFTPSLIST="/"');
    const got = await readFrames(rig, '+CFTPSLIST');
    expect(got.result).toBe('+CFTPSLIST: 0');
    expect(got.sizes.every((n) => n <= frameBytes)).toBe(true);
    const text = got.data.toString('latin1');
    for (let i = 0; i < 12; i++) expect(text).toMatch(new RegExp(` ${i} .* list-${i}\\.txt\\r\\n`));
    // A line does split: some frame ends in the middle of one.
    if (frameBytes < 64) expect(got.sizes.length).toBeGreaterThan(text.split('\r\n').length);
  });

  it('uploads every byte value through the escaped stream, chunks split anywhere, sha256-exact', async () => {
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), noise(20_000, 4), Buffer.from([0x03, 0x1a, 0x03, 0x03, 0x1a, 0x1a])]);
    await ready();
    expect(await rig.at('AT+CFTPSPUT="every.bin"', '>')).toBe('\r\n>');
    const wire = escape(data);
    const random = seededRandom(9);
    for (let at = 0; at < wire.length; ) {
      const n = 1 + Math.floor(random() * 700);
      rig.write(wire.subarray(at, at + n));
      at += n;
    }
    expect((await rig.take('+CFTPSPUT: 0\r\n')).toString('latin1')).toBe('\r\nOK\r\n\r\n+CFTPSPUT: 0\r\n');
    expect(sha(await readFile(join(server.root, 'every.bin')))).toBe(sha(data));
    // Bytes after the terminator are command text again.
    expect(await rig.at('AT')).toBe('\r\nOK\r\n');
  });

  it('takes exactly <data_len> bytes of a 2048-byte prompted block, 0x1A included, then reads commands', async () => {
    const data = noise(2048, 6);
    data[5] = 0x1a;
    data[6] = 0x03;
    await ready();
    await rig.at('AT+CFTPSPUT="block.bin",2048', '>');
    rig.write(Buffer.concat([data, Buffer.from('AT\r')]));
    expect((await rig.take('+CFTPSPUT: 0\r\n')).toString('latin1')).toMatch(/^\r\nOK\r\n(\r\nOK\r\n)?\r\n\+CFTPSPUT: 0\r\n$/);
    expect(sha(await readFile(join(server.root, 'block.bin')))).toBe(sha(data));
  });

  it(`names up to ${model === 'A7670E' ? 112 : 256} bytes (A-MAN / S-MAN); LIST without a directory ${model === 'A7670E' ? 'is ERROR (A-MAN)' : 'lists the current one (S-MAN)'}`, async () => {
    await writeFile(join(server.root, 'listed-here.txt'), 'x');
    await ready();
    const limit = model === 'A7670E' ? 112 : 256;
    const err = '\r\nERROR\r\n';
    expect(await rig.at(`AT+CFTPSSIZE="${'n'.repeat(limit + 1)}"`, err)).toBe(err);
    expect(await rig.at(`AT+CFTPSSIZE="${'n'.repeat(limit)}"`, '+CFTPSSIZE: 17\r\n')).toBe('\r\nOK\r\n\r\n+CFTPSSIZE: 17\r\n');
    if (model === 'A7670E') return void expect(await rig.at('AT+CFTPSLIST', err)).toBe(err);
    await rig.at('AT+CFTPSLIST');
    const got = await readFrames(rig, '+CFTPSLIST');
    expect(got.data.toString('latin1')).toContain('listed-here.txt');
  });

  it('refuses a block above 2048 bytes and an unknown argument count', async () => {
    await ready();
    expect(await rig.at('AT+CFTPSPUT="x.bin",2049', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
    expect(await rig.at('AT+CFTPSGET="x.bin",0,0,0', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
  });
});
