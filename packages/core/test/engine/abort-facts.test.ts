import { setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { etxAfter, knownLengthAfter } from '../../src/engine/data-helpers.js';
import { AtAbortedError } from '../../src/errors/engine-errors.js';
import { escapeDle } from '../../src/framing/dle.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import type { AtCommand } from '../../src/engine/command.js';
import { allByteValues } from '../support/bytes.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

afterEach(() => vi.useRealTimers());

function setup(script: (command: string, modem: ScriptedModem) => Reply) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  const engine = new AtEngine(host);
  const writes: Array<{ at: number; text: string }> = [];
  device.data$.subscribe((b) => writes.push({ at: Date.now(), text: Buffer.from(b).toString('latin1') }));
  return { engine, modem, writes };
}

const RANGE = 4096;
const TRAILER = /\r\nOK\r\n(?:\r\n)?(\+QFTPGET: ?[1-9]\d*,\d+)\r\n$/;
const payload = allByteValues(RANGE / 256);

/** A Quectel ranged `COM:` download whose module honours `+++` by leaving data mode with OK and 616. */
function range(received: Uint8Array[]): AtCommand {
  return {
    text: `AT+QFTPGET="a.bin","COM:",0,${RANGE}`,
    resultUrc: { match: /^\+QFTPGET: ?0,/, timeoutMs: 5000 },
    incoming: {
      dataAfter: knownLengthAfter('CONNECT', RANGE),
      sink: (chunk) => void received.push(chunk.slice()),
      trailer: { pattern: TRAILER, maxBytes: 48, quietMs: 150, error: (line) => new Error(`module: ${line}`) },
    },
    abort: { escape: { bytes: '+++', guardMs: 1000 } },
  };
}

const total = (parts: Uint8Array[]): number => parts.reduce((n, p) => n + p.length, 0);

describe('abort as a fact of the command: +++ mid-range (Quectel COM: download)', () => {
  it('writes +++ only after 1 s of host silence, ends at the trailer and fails with the exact byte count', async () => {
    vi.useFakeTimers();
    const received: Uint8Array[] = [];
    const { engine, modem, writes } = setup((c, m) => {
      if (c !== '+++') return ['\r\nCONNECT\r\n', payload.subarray(0, 1000)];
      return '\r\nOK\r\n\r\n+QFTPGET: 616,0\r\n';
    });
    const abort = new AbortController();
    const t0 = Date.now();
    const run = engine.run(range(received), { signal: abort.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(300);
    abort.abort();
    await vi.advanceTimersByTimeAsync(699);
    expect(modem.writtenText).toBe(`AT+QFTPGET="a.bin","COM:",0,${RANGE}\r`);
    await vi.advanceTimersByTimeAsync(1);
    expect(modem.writtenText).toBe(`AT+QFTPGET="a.bin","COM:",0,${RANGE}\r+++`);
    expect((writes[1]?.at ?? 0) - t0).toBe(1000);
    await vi.advanceTimersByTimeAsync(150);
    const error = await run;
    expect(error).toBeInstanceOf(AtAbortedError);
    expect(error).toMatchObject({ code: 'ABORTED', payloadBytes: 1000, cause: { message: 'module: +QFTPGET: 616,0' } });
    expect(Buffer.concat(received).equals(Buffer.from(payload.subarray(0, 1000)))).toBe(true);
    // Nothing is owed: the next command goes out at once, and no AT cleanup was needed.
    const next = engine.run({ text: 'AT+QFTPLEN' });
    await vi.advanceTimersByTimeAsync(1);
    expect(modem.commands).toEqual([`AT+QFTPGET="a.bin","COM:",0,${RANGE}`, '+++', 'AT+QFTPLEN']);
    modem.send('\r\nOK\r\n');
    await expect(next).resolves.toMatchObject({ final: 'OK' });
  });

  it('writes nothing when the range ends during the guard time, and still reports the abort with every byte', async () => {
    vi.useFakeTimers();
    const received: Uint8Array[] = [];
    const { engine, modem } = setup(() => ['\r\nCONNECT\r\n', payload.subarray(0, 100)]);
    const abort = new AbortController();
    const run = engine.run(range(received), { signal: abort.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    abort.abort();
    await vi.advanceTimersByTimeAsync(400);
    modem.send([payload.subarray(100), '\r\nOK\r\n\r\n+QFTPGET: 0,4096\r\n']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(modem.writtenText).toBe(`AT+QFTPGET="a.bin","COM:",0,${RANGE}\r`);
    expect(await run).toMatchObject({ name: 'AtAbortedError', payloadBytes: RANGE });
    expect(total(received)).toBe(RANGE);
  });

  it('clears the module line buffer with a plain AT when the range ended as +++ went out', async () => {
    vi.useFakeTimers();
    const received: Uint8Array[] = [];
    const { engine, modem } = setup((c, m) => {
      if (c === '+++') {
        // The range's last bytes were already on their way: the module is back in command mode, +++ in its buffer.
        m.send([payload.subarray(10), '\r\nOK\r\n\r\n+QFTPGET: 0,4096\r\n']);
        return undefined;
      }
      if (c === 'AT') return '\r\nOK\r\n';
      return ['\r\nCONNECT\r\n', payload.subarray(0, 10)];
    });
    const abort = new AbortController();
    const run = engine.run(range(received), { signal: abort.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    await vi.advanceTimersByTimeAsync(1100);
    expect(await run).toMatchObject({ name: 'AtAbortedError', payloadBytes: RANGE });
    expect(modem.writtenText).toBe(`AT+QFTPGET="a.bin","COM:",0,${RANGE}\r+++AT\r`);
  });

  it('an abort before CONNECT waits for the data phase instead of leaving its bytes to the next command', async () => {
    vi.useFakeTimers();
    const received: Uint8Array[] = [];
    const { engine, modem } = setup((c) => (c === '+++' ? '\r\nOK\r\n\r\n+QFTPGET: 616,0\r\n' : undefined));
    const abort = new AbortController();
    const run = engine.run(range(received), { signal: abort.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    await vi.advanceTimersByTimeAsync(2000);
    modem.send(['\r\nCONNECT\r\n', payload.subarray(0, 64)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(modem.writtenText).toBe(`AT+QFTPGET="a.bin","COM:",0,${RANGE}\r+++`);
    await vi.advanceTimersByTimeAsync(200);
    expect(await run).toMatchObject({ name: 'AtAbortedError', payloadBytes: 64 });
  });
});

describe('abort as a fact of the command: SIMCom transparent transfers', () => {
  it('FTPETPUT=2: stops the stream, ends it with ETX, then runs AT+FTPQUIT before anything queued', async () => {
    vi.useFakeTimers();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield escapeDle(Uint8Array.of(1, 2, 0x10, 0x03));
      await gate;
      yield Uint8Array.of(9, 9, 9);
    }
    const { engine, modem } = setup((c, m) => {
      if (c === 'AT+FTPETPUT=2') {
        m.raw((chunk) => {
          if (chunk.at(-1) === 0x03 && chunk.length === 1) {
            m.raw(undefined);
            m.send('\r\nOK\r\n');
          }
        });
        return '\r\n+FTPETPUT: 2,1\r\n';
      }
      if (c === 'AT+FTPQUIT') return '\r\nOK\r\n\r\n+FTPETPUT: 1,80\r\n';
      return '\r\nOK\r\n';
    });
    const abort = new AbortController();
    const run = engine
      .run(
        { text: 'AT+FTPETPUT=2', outgoing: { on: /^\+FTPETPUT: ?2,1$/, data: () => stream() }, abort: { endOutgoing: Uint8Array.of(0x03), then: { text: 'AT+FTPQUIT' } } },
        { signal: abort.signal },
      )
      .catch((e: unknown) => e);
    const queued = engine.run({ text: 'AT+NEXT' });
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    release();
    await vi.advanceTimersByTimeAsync(10);
    // Wire bytes of the stuffed stream: 1, 2, DLE DLE, DLE ETX.
    expect(await run).toMatchObject({ name: 'AtAbortedError', payloadBytes: 6 });
    await expect(queued).resolves.toMatchObject({ final: 'OK' });
    expect(Buffer.from(modem.written).toString('hex')).toBe(
      Buffer.concat([Buffer.from('AT+FTPETPUT=2\r'), Buffer.from([1, 2, 0x10, 0x10, 0x10, 0x03]), Buffer.from([0x03]), Buffer.from('AT+FTPQUIT\rAT+NEXT\r')]).toString('hex'),
    );
  });

  it('FTPETGET=1: writes AT+FTPQUIT into the stream; the module ends it with ETX and 80; a plain AT absorbs a late answer', async () => {
    vi.useFakeTimers();
    const received: Uint8Array[] = [];
    const { engine, modem } = setup((c) => {
      if (c === 'AT+FTPETGET=1') return ['\r\nOK\r\n\r\n+FTPETGET: 1,1\r\n', escapeDle(allByteValues())];
      if (c === 'AT+FTPQUIT') return [Uint8Array.of(0x03), '\r\n+FTPETGET: 1,80\r\n'];
      return '\r\nOK\r\n';
    });
    const abort = new AbortController();
    const run = engine
      .run(
        {
          text: 'AT+FTPETGET=1',
          incoming: { dataAfter: etxAfter(/^\+FTPETGET: ?1,1$/), sink: (c) => void received.push(c.slice()) },
          resultUrc: { match: /^\+FTPETGET: ?1,(?!1$)\d+$/, timeoutMs: 5000 },
          abort: { escape: { bytes: 'AT+FTPQUIT\r', guardMs: 0 } },
        },
        { signal: abort.signal },
      )
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    await vi.advanceTimersByTimeAsync(10);
    expect(await run).toMatchObject({ name: 'AtAbortedError', payloadBytes: 256 });
    expect(modem.writtenText).toBe('AT+FTPETGET=1\rAT+FTPQUIT\rAT\r');
    expect(total(received)).toBe(256);
  });
});

describe('abort listeners', () => {
  it('removes its abort listener from a long-lived signal after every command, queued or run', async () => {
    const { engine } = setup(() => '\r\nOK\r\n');
    const signal = new AbortController().signal;
    // 50 commands queued at once each listen until they settle: more than Node's default warning threshold.
    setMaxListeners(64, signal);
    const counted = { n: 0 };
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      counted.n++;
      add(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      counted.n--;
      remove(...args);
    }) as typeof signal.removeEventListener;
    await Promise.all(Array.from({ length: 50 }, () => engine.run({ text: 'AT' }, { signal })));
    expect(counted.n).toBe(0);
  });
});
