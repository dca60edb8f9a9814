import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { quotedLengthAfter } from '../../src/engine/data-helpers.js';
import type { AtCommand } from '../../src/engine/command.js';
import { ResponseOverflowError } from '../../src/errors/engine-errors.js';
import { scriptedModem } from '../../src/testing/scripted-modem.js';
import type { ScriptReply } from '../../src/testing/scripted-modem.js';
import { allByteValues, concatBytes, sha256Hex } from '../support/bytes.js';

/**
 * u-blox SARA payloads that begin mid-line after a quote: `+URDBLOCK` before
 * `OK` (SARA-R4 AT manual §16.5), `+UUFTPCD` after `OK` while `+UUFTPCR` is
 * awaited (§20.2.3; digest /work/shared/reference/ublox-sara-ftp.md §5.1, §5.3).
 */
const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** 64 bytes holding every byte that would end a line-framed read: quotes, CR, LF, OK, the result URC. */
const BLOCK = concatBytes(enc('"\r\nOK\r\n+UUFTPCR: 13,1\r\n"\r\n\r\nOK\r\n""'), allByteValues().subarray(0, 64)).subarray(0, 64);

const urdblock = (sink?: (chunk: Uint8Array) => void): AtCommand => ({
  text: 'AT+URDBLOCK="f",0,64',
  incoming: { dataAfterHead: quotedLengthAfter('+URDBLOCK:'), ...(sink ? { sink } : {}) },
});

const uftpc13: AtCommand = {
  text: 'AT+UFTPC=13',
  incoming: { dataAfterHead: quotedLengthAfter('+UUFTPCD:') },
  resultUrc: { match: /^\+UUFTPCR: 13,\d+$/, timeoutMs: 2000 },
};

function setup(replies: Record<string, ScriptReply>) {
  const { transport, modem } = scriptedModem((command) => replies[command] ?? '\r\nERROR\r\n');
  const engine = new AtEngine(transport);
  const urcs: string[] = [];
  engine.urc$.subscribe((line) => urcs.push(line));
  return { engine, modem, urcs };
}

describe('AtEngine: payloads announced mid-line (dataAfterHead)', () => {
  it('AT+URDBLOCK="f",0,64 collects the 64 bytes, claims the head, ends on OK', async () => {
    const head = enc('\r\n+URDBLOCK: "f",64,"');
    const { engine, modem, urcs } = setup({
      'AT+URDBLOCK="f",0,64': [head.subarray(0, 9), { pauseMs: 2 }, head.subarray(9), BLOCK.subarray(0, 5), { pauseMs: 2 }, BLOCK.subarray(5), '"\r\n\r\nOK\r\n'],
    });
    const res = await engine.run(urdblock());
    expect(modem.writtenText).toBe('AT+URDBLOCK="f",0,64\r');
    expect(res.lines).toEqual(['+URDBLOCK: "f",64,"']);
    expect(res.final).toBe('OK');
    expect(res.payloadBytes).toBe(64);
    expect(sha256Hex(res.payload as Uint8Array)).toBe(sha256Hex(BLOCK));
    expect(urcs).toEqual([]);
    await engine.close();
  });

  it('streams into a sink and reads a zero-length block (,0,"")', async () => {
    const { engine } = setup({
      'AT+URDBLOCK="f",0,64': ['\r\n+URDBLOCK: "f",64,"', BLOCK, '"\r\n\r\nOK\r\n'],
      'AT+URDBLOCK="f",64,64': '\r\n+URDBLOCK: "f",0,""\r\n\r\nOK\r\n',
    });
    const chunks: Uint8Array[] = [];
    const res = await engine.run(urdblock((chunk) => void chunks.push(chunk.slice())));
    expect(res.payload).toBeUndefined();
    expect(sha256Hex(concatBytes(...chunks))).toBe(sha256Hex(BLOCK));
    const empty = await engine.run({ ...urdblock(), text: 'AT+URDBLOCK="f",64,64' });
    expect(empty.lines).toEqual(['+URDBLOCK: "f",0,"']);
    expect(empty.payloadBytes).toBe(0);
    expect(empty.payload?.length).toBe(0);
    await engine.close();
  });

  it('AT+UFTPC=13: OK first, two +UUFTPCD phases concatenated, then +UUFTPCR: 13,1', async () => {
    const part1 = enc('-rw-r--r-- 1 ftp ftp 1037 Aug 5 09:45 dat_000\r\n"OK"\r\n');
    const part2 = enc('-rw-r--r-- 1 ftp ftp 21041 Aug 5 09:12 data.zip\r\n+UUFTPCR: 13,0\r\n');
    const { engine, urcs } = setup({
      'AT+UFTPC=13': [
        '\r\nOK\r\n',
        { pauseMs: 2 },
        `\r\n+UUFTPCD: 13,${part1.length},"`,
        part1,
        '"\r\n',
        { pauseMs: 2 },
        `\r\n+UUFTPCD: 13,${part2.length},"`,
        part2.subarray(0, 20),
        { pauseMs: 2 },
        part2.subarray(20),
        '"\r\n\r\n+UUFTPCR: 13,1\r\n',
      ],
    });
    const res = await engine.run(uftpc13);
    expect(res.final).toBe('OK');
    expect(res.resultUrc).toBe('+UUFTPCR: 13,1');
    expect(res.lines).toEqual([`+UUFTPCD: 13,${part1.length},"`, `+UUFTPCD: 13,${part2.length},"`]);
    expect(res.payloadBytes).toBe(part1.length + part2.length);
    expect(Buffer.from(res.payload as Uint8Array).toString('latin1')).toBe(Buffer.from(concatBytes(part1, part2)).toString('latin1'));
    expect(urcs).toEqual([]);
    await engine.close();
  });

  it('frames an unsolicited +UUFTPCD: 13,5," as a plain line while idle or while another command runs', async () => {
    const { engine, modem, urcs } = setup({
      'AT+CSQ': '\r\n+UUFTPCD: 13,5,"hello"\r\n+CSQ: 9,99\r\n\r\nOK\r\n',
      'AT+URDBLOCK="f",0,64': ['\r\n+UUFTPCD: 13,3,"abc"\r\n+URDBLOCK: "f",64,"', BLOCK, '"\r\n\r\nOK\r\n'],
    });
    modem.send('\r\n+UUFTPCD: 13,5,"he\r\nOK"\r\n');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const csq = await engine.run({ text: 'AT+CSQ', claims: ['+CSQ:'] });
    expect(csq.lines).toEqual(['+CSQ: 9,99']);
    const block = await engine.run(urdblock());
    expect(sha256Hex(block.payload as Uint8Array)).toBe(sha256Hex(BLOCK));
    // The idle one is framed as lines: its payload's CR LF splits it, and its OK is no answer to anything.
    expect(urcs).toEqual(['+UUFTPCD: 13,5,"he', 'OK"', '+UUFTPCD: 13,5,"hello"', '+UUFTPCD: 13,3,"abc"']);
    await engine.close();
  });

  it('fails with ResponseOverflowError when a head announces more than incoming.maxLength', async () => {
    const { engine } = setup({ 'AT+URDBLOCK="f",0,64': ['\r\n+URDBLOCK: "f",64,"', BLOCK, '"\r\n\r\nOK\r\n'] });
    const command = urdblock();
    const tooSmall: AtCommand = { ...command, incoming: { dataAfterHead: quotedLengthAfter('+URDBLOCK:'), maxLength: 63 } };
    await expect(engine.run(tooSmall)).rejects.toThrow(ResponseOverflowError);
    await engine.close();
  });
});
