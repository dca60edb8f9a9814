import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { lengthAnnouncedBy } from '../../src/engine/data-helpers.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

function setup(script: (command: string, modem: ScriptedModem) => Reply) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  const engine = new AtEngine(host);
  const urcs: string[] = [];
  engine.urc$.subscribe((l) => urcs.push(l));
  return { engine, modem, urcs };
}

describe('a line is claimed only if it arrived after the command was written', () => {
  it('OK for AT and +CSQ: 9,9 in one chunk: the queued AT+CSQ does not take +CSQ: 9,9, urc$ does', async () => {
    const { engine, modem, urcs } = setup((c) => (c === 'AT' ? '\r\nOK\r\n\r\n+CSQ: 9,9\r\n' : '\r\n+CSQ: 20,99\r\n\r\nOK\r\n'));
    const [at, csq] = await Promise.all([engine.run({ text: 'AT' }), engine.run({ text: 'AT+CSQ', claims: ['+CSQ:'] })]);
    expect(at.final).toBe('OK');
    expect(csq.lines).toEqual(['+CSQ: 20,99']);
    expect(urcs).toEqual(['+CSQ: 9,9']);
    expect(modem.writtenText).toBe('AT\rAT+CSQ\r');
  });

  it('an unsolicited line in the same chunk as the previous OK is never the next command’s final or data announcement', async () => {
    const { engine, urcs } = setup((c) =>
      c === 'AT' ? '\r\nOK\r\n\r\nSMS Ready\r\n\r\n+FTPGET: 2,3\r\n' : '\r\n+FTPGET: 2,3\r\nabc\r\nOK\r\n',
    );
    const [, get] = await Promise.all([
      engine.run({ text: 'AT' }),
      engine.run({ text: 'AT+FTPGET=2,3', incoming: { dataAfter: lengthAnnouncedBy('+FTPGET: 2,', 1) } }),
    ]);
    expect(Buffer.from(get.payload ?? []).toString('latin1')).toBe('abc');
    expect(get.lines).toEqual(['+FTPGET: 2,3']);
    expect(urcs).toEqual(['SMS Ready', '+FTPGET: 2,3']);
  });

  it('a line that began before the write and ended after it is a URC, not an answer', async () => {
    const { engine, modem, urcs } = setup((c, m) => {
      if (c === 'AT+CSQ') {
        m.send(',1\r\n');
        return '\r\n+CSQ: 20,99\r\n\r\nOK\r\n';
      }
      return undefined;
    });
    modem.send('\r\n+CSQ: 1');
    await new Promise((r) => setTimeout(r, 5));
    const res = await engine.run({ text: 'AT+CSQ', claims: ['+CSQ:'] });
    expect(res.lines).toEqual(['+CSQ: 20,99']);
    expect(urcs).toEqual(['+CSQ: 1,1']);
  });
});
