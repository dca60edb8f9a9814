/**
 * The flash file system (R4-MAN ch. 16, digest §5.1, §7): exact framing of
 * +URDBLOCK / +URDFILE with payloads that look like their own framing,
 * +UDWNFILE appending, free-space accounting against the members' sizes,
 * the 20 s FFS TIMEOUT on the injected clock, and the error texts.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.js';
import { line, OK, Rig, SARA_MODELS } from './rig.js';

const FREE = { 'SARA-R5': 2 * 1024 * 1024, 'SARA-R410M': 236_800 } as const;
const tricky = Buffer.from('"\r\nOK\r\n+URDBLOCK: "x",3,"abc"\r\n\x00\xff', 'latin1');

async function upload(rig: Rig, name: string, data: Buffer): Promise<void> {
  expect(await rig.at(`AT+UDWNFILE="${name}",${data.length}`, '>')).toBe('\r\n>');
  rig.write(data);
  expect((await rig.take(OK)).toString('latin1')).toBe(OK);
}

describe.each(SARA_MODELS)('%s flash file system', (model) => {
  const start = async (options: ConstructorParameters<typeof Rig>[1] = {}): Promise<Rig> => {
    const rig = new Rig(model, options);
    await rig.boot();
    return rig;
  };

  it(`starts empty with ${FREE[model]} bytes free and counts what is stored`, async () => {
    const rig = await start();
    expect(await rig.at('AT+ULSTFILE=1')).toBe(line(`+ULSTFILE: ${FREE[model]}`) + OK);
    await upload(rig, 'a.bin', tricky);
    await upload(rig, 'b.txt', Buffer.from('hello'));
    expect(await rig.at('AT+ULSTFILE=0')).toBe(line('+ULSTFILE: "a.bin","b.txt"') + OK);
    expect(await rig.at('AT+ULSTFILE')).toBe(line('+ULSTFILE: "a.bin","b.txt"') + OK);
    expect(await rig.at('AT+ULSTFILE=1')).toBe(line(`+ULSTFILE: ${FREE[model] - tricky.length - 5}`) + OK);
    expect(await rig.at('AT+ULSTFILE=2,"a.bin"')).toBe(line(`+ULSTFILE: ${tricky.length}`) + OK);
    expect(await rig.at('AT+UDELFILE="b.txt"')).toBe(OK);
    expect(await rig.at('AT+ULSTFILE=1')).toBe(line(`+ULSTFILE: ${FREE[model] - tricky.length}`) + OK);
    await rig.model.close();
  });

  it('frames +URDBLOCK and +URDFILE by length: quotes, CR LF and OK inside the payload are data', async () => {
    const rig = await start();
    await upload(rig, 'a.bin', tricky);
    const block = await rig.at('AT+URDBLOCK="a.bin",1,6', `"\r\n${OK}`);
    expect(block).toBe(`\r\n+URDBLOCK: "a.bin",6,"${tricky.subarray(1, 7).toString('latin1')}"\r\n${OK}`);
    // A size past the end returns what remains; the header says how much.
    rig.write('AT+URDBLOCK="a.bin",30,1000\r');
    const head = `\r\n+URDBLOCK: "a.bin",${tricky.length - 30},"`;
    expect((await rig.bytes(head.length)).toString('latin1')).toBe(head);
    expect(await rig.bytes(tricky.length - 30)).toEqual(tricky.subarray(30));
    expect((await rig.bytes(3 + OK.length)).toString('latin1')).toBe(`"\r\n${OK}`);
    rig.write('AT+URDFILE="a.bin"\r');
    const fileHead = `\r\n+URDFILE: "a.bin",${tricky.length},"`;
    expect((await rig.bytes(fileHead.length)).toString('latin1')).toBe(fileHead);
    expect(await rig.bytes(tricky.length)).toEqual(tricky);
    expect((await rig.bytes(3 + OK.length)).toString('latin1')).toBe(`"\r\n${OK}`);
    expect(rig.rest).toBe('');
    await rig.model.close();
  });

  it('+UDWNFILE onto an existing file appends, as the real module does', async () => {
    const rig = await start();
    await upload(rig, 'log', Buffer.from('first,'));
    await upload(rig, 'log', Buffer.from('second'));
    expect(await rig.at('AT+URDFILE="log"')).toBe(`\r\n+URDFILE: "log",12,"first,second"\r\n${OK}`);
    await rig.model.close();
  });

  it('names the file-system errors under AT+CMEE=2 and answers ERROR under AT+CMEE=0', async () => {
    const rig = await start();
    await upload(rig, 'a.bin', tricky);
    expect(await rig.at('AT+URDBLOCK="gone",0,1', '\r\nERROR\r\n')).toBe('\r\nERROR\r\n');
    await rig.at('AT+CMEE=2');
    const err = (text: string): string => `\r\n+CME ERROR: ${text}\r\n`;
    expect(await rig.at('AT+URDBLOCK="gone",0,1', 'FOUND\r\n')).toBe(err('FILE NOT FOUND'));
    expect(await rig.at('AT+URDFILE="gone"', 'FOUND\r\n')).toBe(err('FILE NOT FOUND'));
    expect(await rig.at('AT+UDELFILE="gone"', 'FOUND\r\n')).toBe(err('FILE NOT FOUND'));
    expect(await rig.at('AT+ULSTFILE=2,"gone"', 'FOUND\r\n')).toBe(err('FILE NOT FOUND'));
    expect(await rig.at(`AT+URDBLOCK="a.bin",${tricky.length},1`, 'range\r\n')).toBe(err('FFS file range'));
    expect(await rig.at(`AT+UDWNFILE="big",${FREE[model] - tricky.length + 1}`, 'SPACE\r\n')).toBe(err('NOT ENOUGH FREE SPACE'));
    // Exactly what is free still fits.
    expect(await rig.at(`AT+UDWNFILE="big",${FREE[model] - tricky.length}`, '>')).toBe('\r\n>');
    rig.write(Buffer.alloc(FREE[model] - tricky.length, 0x41));
    await rig.take(OK);
    expect(await rig.at('AT+ULSTFILE=1')).toBe(line('+ULSTFILE: 0') + OK);
    await rig.model.close();
  });

  it('+UDWNFILE gives up with FFS TIMEOUT after 20 s without data on the injected clock, and writes nothing', async () => {
    const clock = new FakeClock();
    const rig = await start({ clock });
    await rig.at('AT+CMEE=2');
    expect(await rig.at('AT+UDWNFILE="t",10', '>')).toBe('\r\n>');
    rig.write('abcd');
    clock.advance(19_999);
    rig.write('ef');
    clock.advance(19_999);
    expect(rig.rest).toBe('');
    clock.advance(1);
    expect((await rig.take('TIMEOUT\r\n')).toString('latin1')).toBe('\r\n+CME ERROR: FFS TIMEOUT\r\n');
    // Command mode again; nothing was stored.
    expect(await rig.at('AT+ULSTFILE=0')).toBe(line('+ULSTFILE: ') + OK);
    await rig.model.close();
  });
});
