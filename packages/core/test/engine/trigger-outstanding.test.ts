import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { escapeDle } from '../../src/framing/dle.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { allByteValues, concatBytes } from '../support/bytes.js';
import { ScriptedModem } from '../support/scripted-modem.js';

const ETX = Uint8Array.of(0x03);
const payload = concatBytes(allByteValues(3), new TextEncoder().encode('\r\nOK\r\n'));
const stuffed = escapeDle(payload);

/**
 * A SIM7080 answering `AT+FTPETPUT=2` in one of the documented orders. `before` is what it prints
 * before the host may stream; the data ends at the bare ETX, then `after` follows.
 */
function etputModem(before: string, after: string) {
  const { host, device } = createMemoryLink();
  let stream: number[] = [];
  const modem = new ScriptedModem(device, (c, m) => {
    if (c !== 'AT+FTPETPUT=2') return '\r\nERROR\r\n';
    stream = [];
    m.raw((chunk) => {
      stream.push(...chunk);
      if (stream.at(-1) === 0x03 && stream.at(-2) !== 0x10) {
        m.raw(undefined);
        m.send(after);
      }
    });
    return before;
  });
  const engine = new AtEngine(host);
  const urcs: string[] = [];
  engine.urc$.subscribe((l) => urcs.push(l));
  return { engine, modem, urcs, streamed: () => Uint8Array.from(stream) };
}

const command = { text: 'AT+FTPETPUT=2', outgoing: { on: /^\+FTPETPUT: ?2,1$/, data: () => [stuffed, ETX] } };

describe('a command does not finish at OK while its data trigger is outstanding (SIMCom AT+FTPETPUT=2)', () => {
  it.each([
    ['application note: OK, then +FTPETPUT:2,1', '\r\nOK\r\n+FTPETPUT:2,1\r\n', '\r\nOK\r\n\r\n+FTPETPUT:1,0\r\n'],
    ['application note with blank lines and a space', '\r\nOK\r\n\r\n+FTPETPUT: 2,1\r\n', '\r\nOK\r\n\r\n+FTPETPUT: 1,0\r\n'],
    ['AT manual: +FTPETPUT: 2,1 only', '\r\n+FTPETPUT: 2,1\r\n', '\r\nOK\r\n\r\n+FTPETPUT: 1,0\r\n'],
    ['AT manual without the space', '\r\n+FTPETPUT:2,1\r\n', '\r\nOK\r\n\r\n+FTPETPUT:1,0\r\n'],
  ])('%s: streams the data, ends at the OK after ETX', async (_name, before, after) => {
    const { engine, modem, urcs, streamed } = etputModem(before, after);
    const res = await engine.run(command);
    expect(res.final).toBe('OK');
    expect(res.lines.at(-1)).toMatch(/^\+FTPETPUT: ?2,1$/);
    expect(Buffer.from(streamed()).equals(Buffer.from(concatBytes(stuffed, ETX)))).toBe(true);
    expect(modem.commands).toEqual(['AT+FTPETPUT=2']);
    // The session result is the module's later word, for the flow's own URC queue.
    await new Promise((r) => setTimeout(r, 5));
    expect(urcs).toEqual([after.includes(': ') ? '+FTPETPUT: 1,0' : '+FTPETPUT:1,0']);
  });

  it('the OK after ETX is not left over for the next command', async () => {
    const { engine, modem } = etputModem('\r\nOK\r\n+FTPETPUT:2,1\r\n', '\r\nOK\r\n');
    await engine.run(command);
    const next = engine.run({ text: 'AT+X', claims: ['+X:'] });
    // AT+X gets its own ERROR, not the data phase's OK.
    await expect(next).rejects.toMatchObject({ name: 'AtCommandError', final: 'ERROR' });
    expect(modem.commands).toEqual(['AT+FTPETPUT=2', 'AT+X']);
  });

  it('an error final while the trigger is outstanding fails the command', async () => {
    const { engine } = etputModem('\r\n+CME ERROR: 3\r\n', '');
    await expect(engine.run(command)).rejects.toMatchObject({ name: 'AtCommandError', cmeError: 3 });
  });

  it('with a result URC declared, the result ends a command whose trigger never came', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, () => '\r\nOK\r\n\r\n+QFTPPUT: 613,0\r\n');
    const engine = new AtEngine(host);
    const res = await engine.run({ text: 'AT+QFTPPUT="a","COM:",0', resultUrc: { match: '+QFTPPUT:', timeoutMs: 1000 }, outgoing: { on: 'CONNECT', data: () => new Uint8Array(1) } });
    expect(res).toMatchObject({ final: 'OK', resultUrc: '+QFTPPUT: 613,0', lines: [] });
  });
});
