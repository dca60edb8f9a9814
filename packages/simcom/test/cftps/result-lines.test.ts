import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FakeCftps, FTP, openFake } from './fake-module.js';

/**
 * `+CFTPSxxx: <errcode>` is one field (digest §9). A line that only starts
 * like one (`+CFTPSGET: 9,9`, found by the garbage suite's lookalike lines)
 * is no result: it must neither end nor fail the operation.
 */
/** A logged-in session on the scripted A7670E, and every line that reaches urc$ from then on. */
async function session() {
  const fake = new FakeCftps();
  const modem = await openFake(fake);
  await modem.connect({ apn: 'internet' });
  const ftp = await modem.ftp(FTP);
  const urcs: string[] = [];
  modem.engine.urc$.subscribe((line) => urcs.push(line));
  return { fake, modem, ftp, urcs };
}

describe('AT+CFTPS* result lines are exactly one code', () => {
  it('a +CFTPSGET: 9,9 before OK or between the frames of a download is not its result', async () => {
    const { fake, modem, ftp, urcs } = await session();
    fake.on('AT+CFTPSSIZE="f.bin"', '\r\nOK\r\n\r\n+CFTPSSIZE: 5\r\n');
    const lookalike = '\r\n+CFTPSGET: 9,9\r\n';
    fake.on('AT+CFTPSGET="f.bin"', [lookalike, '\r\nOK\r\n', '\r\n+CFTPSGET: DATA,3\r\n', 'abc', lookalike, '\r\n+CFTPSGET: DATA,2\r\n', 'de', '\r\n+CFTPSGET: 0\r\n']);
    const parts: Buffer[] = [];
    const out = new Writable({ write: (chunk: Buffer, _e, done) => (parts.push(Buffer.from(chunk)), done()) });
    const result = await ftp.downloadTo(out, 'f.bin');
    expect(result.bytes).toBe(5);
    expect(Buffer.concat(parts).toString('latin1')).toBe('abcde');
    expect(urcs).toContain('+CFTPSGET: 9,9');
    await modem.close();
  });

  it('a +CFTPSMKD: 0,1 after OK is not the success of AT+CFTPSMKD; +CFTPSMKD: 0 is', async () => {
    const { fake, modem, ftp, urcs } = await session();
    fake.on('AT+CFTPSMKD=', ['\r\nOK\r\n', '\r\n+CFTPSMKD: 0,1\r\n', { pauseMs: 5 }, '\r\n+CFTPSMKD: 0\r\n']);
    await ftp.makeDir('d');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Taken for the result, the lookalike would have left the real one to urc$.
    expect(urcs).toEqual(['+CFTPSMKD: 0,1']);
    await modem.close();
  });
});
