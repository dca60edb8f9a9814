import { PassThrough, Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { etxAfter, lengthAnnouncedBy, writableSink } from '../../src/engine/data-helpers.js';
import { escapeDle } from '../../src/framing/dle.js';
import { AtAbortedError, AtCommandError, AtTimeoutError, TransportClosedError } from '../../src/errors/engine-errors.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import type { AtCommand } from '../../src/engine/command.js';
import { allByteValues, concatBytes } from '../support/bytes.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

function setup(script: (command: string, modem: ScriptedModem) => Reply, options = {}) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  const engine = new AtEngine(host, options);
  const urcs: string[] = [];
  engine.urc$.subscribe((l) => urcs.push(l));
  return { engine, modem, urcs, host, device };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AtEngine basics', () => {
  it('writes the exact bytes and returns claimed lines with echo on', async () => {
    const { engine, modem } = setup((c) => `${c}\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR02A09M4G\r\n\r\nOK\r\n`);
    const res = await engine.run({ text: 'ATI', claims: [(l) => !l.startsWith('+')] });
    expect(modem.writtenText).toBe('ATI\r');
    expect(res.lines).toEqual(['Quectel', 'EC25', 'Revision: EC25EFAR02A09M4G']);
    expect(res.final).toBe('OK');
  });

  it('works with echo off and keeps FIFO order', async () => {
    const { engine, modem } = setup((c) => `\r\n+R: ${c}\r\n\r\nOK\r\n`);
    const results = await Promise.all(
      ['AT+A', 'AT+B', 'AT+C'].map((text) => engine.run({ text, claims: ['+R:'] })),
    );
    expect(results.map((r) => r.lines[0])).toEqual(['+R: AT+A', '+R: AT+B', '+R: AT+C']);
    expect(modem.commands).toEqual(['AT+A', 'AT+B', 'AT+C']);
  });

  it('rejects with typed errors for ERROR and +CME ERROR', async () => {
    const { engine } = setup((c) => (c === 'AT+X' ? '\r\nERROR\r\n' : '\r\n+CME ERROR: 405\r\n'));
    await expect(engine.run({ text: 'AT+X' })).rejects.toMatchObject({ name: 'AtCommandError', final: 'ERROR' });
    const err = await engine.run({ text: 'AT+QFDEL="x"' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtCommandError);
    expect(err).toMatchObject({ cmeError: 405, vendorCode: 405, code: 'MODEM', command: 'AT+QFDEL="x"' });
  });

  it('delivers unclaimed lines as URCs, also while a command runs', async () => {
    const { engine, urcs } = setup(() => ['\r\n+CEREG: 5\r\n', '\r\n+CSQ: 20,99\r\n\r\n+QIURC: "pdpdeact",1\r\n\r\nOK\r\n']);
    const res = await engine.run({ text: 'AT+CSQ', claims: ['+CSQ:'] });
    expect(res.lines).toEqual(['+CSQ: 20,99']);
    expect(urcs).toEqual(['+CEREG: 5', '+QIURC: "pdpdeact",1']);
  });

  it('treats lines that arrive before the command is written as URCs', async () => {
    const { engine, modem, urcs } = setup(() => '\r\nOK\r\n');
    modem.send('\r\n+CSQ: 1,1\r\n');
    await new Promise((r) => setTimeout(r, 5));
    const res = await engine.run({ text: 'AT+CSQ', claims: ['+CSQ:'] });
    expect(res.lines).toEqual([]);
    expect(urcs).toEqual(['+CSQ: 1,1']);
  });
});

describe('result URCs', () => {
  it('completes after OK with the result URC, even when the URC comes first', async () => {
    const { engine } = setup((c) =>
      c.endsWith('"a"') ? '\r\nOK\r\n\r\n+QFTPSIZE: 0,1234\r\n' : '\r\n+QFTPSIZE: 0,99\r\n\r\nOK\r\n',
    );
    const cmd = (f: string) => ({ text: `AT+QFTPSIZE="${f}"`, resultUrc: { match: '+QFTPSIZE:', timeoutMs: 1000 } });
    expect((await engine.run(cmd('a'))).resultUrc).toBe('+QFTPSIZE: 0,1234');
    expect((await engine.run(cmd('b'))).resultUrc).toBe('+QFTPSIZE: 0,99');
  });

  it('catches a result URC delivered in the same chunk as OK and one spelled without a space', async () => {
    const { engine } = setup(() => '\r\nOK\r\n\r\n+FTPRENAME:1,0\r\n');
    const res = await engine.run({ text: 'AT+FTPRENAME', resultUrc: { match: '+FTPRENAME: 1,', timeoutMs: 1000 } });
    expect(res.resultUrc).toBe('+FTPRENAME:1,0');
  });
});

describe('URC injected at every byte offset', () => {
  const payload = concatBytes(allByteValues(), new TextEncoder().encode('\r\nOK\r\n+FTPGET: 1,0\r\n'));
  const response = concatBytes(
    new TextEncoder().encode('AT+FTPGET=2,1460\r\r\n'),
    new TextEncoder().encode(`+FTPGET: 2,${payload.length}\r\n`),
    payload,
    new TextEncoder().encode('\r\nOK\r\n'),
  );
  const echoEnd = 'AT+FTPGET=2,1460\r\r\n'.length;

  // Where a module can emit a URC: between lines, never inside a line, nor between a payload header and its bytes.
  const lineBoundaries = [0, echoEnd - 2, echoEnd, response.length - 6, response.length];
  const urc = new TextEncoder().encode('\r\n+CEREG: 1,"1A2B"\r\n');

  it('still gives the exact payload and delivers the URC, for all offsets', async () => {
    for (let offset = 0; offset <= response.length; offset++) {
      const at = lineBoundaries.find((b) => b >= offset) ?? response.length;
      const stream = concatBytes(response.subarray(0, at), urc, response.subarray(at));
      const { engine, urcs } = setup((_c, m) => {
        m.send(stream.slice(0, offset));
        m.send(stream.slice(offset));
        return undefined;
      });
      const res = await engine.run({
        text: 'AT+FTPGET=2,1460',
        incoming: { dataAfter: lengthAnnouncedBy('+FTPGET: 2,', 1) },
      });
      expect(Buffer.from(res.payload ?? []).equals(Buffer.from(payload)), `offset ${offset}`).toBe(true);
      expect(res.lines).toEqual([`+FTPGET: 2,${payload.length}`]);
      expect(urcs, `offset ${offset}`).toEqual(['+CEREG: 1,"1A2B"']);
    }
  });
});

describe('timeouts, aborts and the queue', () => {
  it('times out on fake time, then holds the queue for a late answer', async () => {
    vi.useFakeTimers();
    let answer = false;
    const { engine, modem } = setup((c) => (c === 'AT+SLOW' ? undefined : answer ? '\r\nOK\r\n' : undefined));
    const slow = engine.run({ text: 'AT+SLOW', timeoutMs: 5000 });
    const caught = slow.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4999);
    answer = true;
    const next = engine.run({ text: 'AT' });
    await vi.advanceTimersByTimeAsync(1);
    expect(await caught).toBeInstanceOf(AtTimeoutError);
    expect(modem.commands).toEqual(['AT+SLOW']);
    // The late OK of AT+SLOW is swallowed, not taken as AT's answer.
    modem.send('\r\nOK\r\n');
    await vi.advanceTimersByTimeAsync(1);
    expect(modem.commands).toEqual(['AT+SLOW', 'AT']);
    await expect(next).resolves.toMatchObject({ final: 'OK' });
  });

  it('proceeds after the settle window when the late answer never comes', async () => {
    vi.useFakeTimers();
    const { engine, modem } = setup((c) => (c === 'AT' ? '\r\nOK\r\n' : undefined));
    const first = engine.run({ text: 'AT+DEAD', timeoutMs: 100 }).catch((e: unknown) => e);
    const second = engine.run({ text: 'AT' });
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toBeInstanceOf(AtTimeoutError);
    await vi.advanceTimersByTimeAsync(299);
    expect(modem.commands).toEqual(['AT+DEAD']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(second).resolves.toMatchObject({ final: 'OK' });
  });

  it('times out waiting for a result URC with its own timeout', async () => {
    vi.useFakeTimers();
    const { engine } = setup(() => '\r\nOK\r\n');
    const p = engine.run({ text: 'AT+QFTPCWD="/x"', resultUrc: { match: '+QFTPCWD:', timeoutMs: 90_000 } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(89_999);
    let settled = false;
    void p.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await p).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('+QFTPCWD:') });
  });

  it('aborts a queued command without writing it, and an in-flight one', async () => {
    vi.useFakeTimers();
    const { engine, modem } = setup((c) => (c === 'AT+HANG' ? undefined : '\r\nOK\r\n'));
    const inFlight = new AbortController();
    const queued = new AbortController();
    const a = engine.run({ text: 'AT+HANG' }, { signal: inFlight.signal }).catch((e: unknown) => e);
    const b = engine.run({ text: 'AT+NEVER' }, { signal: queued.signal }).catch((e: unknown) => e);
    const c = engine.run({ text: 'AT' });
    await vi.advanceTimersByTimeAsync(1);
    queued.abort();
    inFlight.abort();
    expect(await a).toBeInstanceOf(AtAbortedError);
    expect(await b).toBeInstanceOf(AtAbortedError);
    await vi.advanceTimersByTimeAsync(300);
    await expect(c).resolves.toMatchObject({ final: 'OK' });
    expect(modem.commands).toEqual(['AT+HANG', 'AT']);
  });

  const sizeOf = (file: string): AtCommand => ({
    text: `AT+QFTPSIZE="${file}"`,
    resultUrc: { match: /^\+QFTPSIZE: ?0,/, timeoutMs: 5000 },
    errorFinals: [/^\+QFTPSIZE: ?[1-9]/],
  });

  it('an aborted command whose OK came still owes its result URC: it never answers the next one', async () => {
    vi.useFakeTimers();
    const { engine, modem, urcs } = setup((c) => (c.startsWith('AT+QFTPSIZE') ? '\r\nOK\r\n' : undefined));
    const trace: TraceEvent[] = [];
    engine.trace$.subscribe((e) => trace.push(e));
    const abort = new AbortController();
    const first = engine.run(sizeOf('big.bin'), { signal: abort.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    abort.abort();
    expect(await first).toBeInstanceOf(AtAbortedError);
    const second = engine.run(sizeOf('small.bin'));
    await vi.advanceTimersByTimeAsync(1);
    expect(modem.commands).toEqual(['AT+QFTPSIZE="big.bin"', 'AT+QFTPSIZE="small.bin"']);
    modem.send('\r\n+QFTPSIZE: 0,60000\r\n');
    modem.send('\r\n+QFTPSIZE: 0,1500\r\n');
    await expect(second).resolves.toMatchObject({ resultUrc: '+QFTPSIZE: 0,1500' });
    expect(urcs).toEqual([]);
    expect(trace.map((e) => e.text)).toContain('+QFTPSIZE: 0,60000 (late result of AT+QFTPSIZE="big.bin")');
  });

  it('the same holds when the abort came before the OK, and a failure line also settles the debt', async () => {
    vi.useFakeTimers();
    const { engine, modem } = setup(() => undefined);
    const abort = new AbortController();
    const first = engine.run(sizeOf('gone.bin'), { signal: abort.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    abort.abort();
    expect(await first).toBeInstanceOf(AtAbortedError);
    const second = engine.run(sizeOf('small.bin'));
    // The late OK releases the queue; the late failure is the aborted command's, not the next one's.
    modem.send('\r\nOK\r\n');
    await vi.advanceTimersByTimeAsync(1);
    modem.send('\r\n+QFTPSIZE: 627,550\r\n\r\nOK\r\n\r\n+QFTPSIZE: 0,1500\r\n');
    await expect(second).resolves.toMatchObject({ resultUrc: '+QFTPSIZE: 0,1500' });
  });

  it('owes nothing after a timeout', async () => {
    vi.useFakeTimers();
    const { engine, modem } = setup(() => '\r\nOK\r\n');
    const timedOut = engine.run({ ...sizeOf('slow.bin'), resultUrc: { match: /^\+QFTPSIZE: ?0,/, timeoutMs: 100 } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await timedOut).toBeInstanceOf(AtTimeoutError);
    const next = engine.run(sizeOf('small.bin'));
    await vi.advanceTimersByTimeAsync(1);
    modem.send('\r\n+QFTPSIZE: 0,1500\r\n');
    await expect(next).resolves.toMatchObject({ resultUrc: '+QFTPSIZE: 0,1500' });
    expect(modem.commands).toEqual(['AT+QFTPSIZE="slow.bin"', 'AT+QFTPSIZE="small.bin"']);
  });

  it('owes nothing when a failure line after OK made the caller abort (the driver watches urc$ for it)', async () => {
    vi.useFakeTimers();
    const { engine, modem, urcs } = setup(() => '\r\nOK\r\n');
    const stop = new AbortController();
    engine.urc$.subscribe((line) => line.startsWith('+QFTPSIZE: 627') && stop.abort());
    const first = engine.run(sizeOf('gone.bin'), { signal: stop.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    modem.send('\r\n+QFTPSIZE: 627,550\r\n');
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toBeInstanceOf(AtAbortedError);
    expect(urcs).toEqual(['+QFTPSIZE: 627,550']);
    const next = engine.run(sizeOf('small.bin'));
    await vi.advanceTimersByTimeAsync(1);
    modem.send('\r\n+QFTPSIZE: 0,1500\r\n');
    await expect(next).resolves.toMatchObject({ resultUrc: '+QFTPSIZE: 0,1500' });
  });

  it('rejects everything with TransportClosedError when the link closes', async () => {
    const { engine, device } = setup(() => undefined);
    const p = engine.run({ text: 'AT+X' }).catch((e: unknown) => e);
    const q = engine.run({ text: 'AT+Y' }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 1));
    await device.close();
    expect(await p).toBeInstanceOf(TransportClosedError);
    expect(await q).toBeInstanceOf(TransportClosedError);
    await expect(engine.run({ text: 'AT' })).rejects.toBeInstanceOf(TransportClosedError);
  });
});

describe('data phases', () => {
  it('writes an outgoing payload on the announcing line (SIMCom FTPPUT=2)', async () => {
    const data = allByteValues(4);
    const { engine, modem } = setup((c, m) => {
      if (c !== 'AT+FTPPUT=2,1024') return '\r\nERROR\r\n';
      let got = 0;
      m.raw((chunk) => {
        got += chunk.length;
        if (got >= 1024) {
          m.raw(undefined);
          m.send('\r\nOK\r\n');
        }
      });
      return '\r\n+FTPPUT: 2,1024\r\n';
    });
    const res = await engine.run({ text: 'AT+FTPPUT=2,1024', outgoing: { on: '+FTPPUT: 2,', data: () => data } });
    expect(res.lines).toEqual(['+FTPPUT: 2,1024']);
    expect(Buffer.from(modem.written.slice('AT+FTPPUT=2,1024\r'.length)).equals(Buffer.from(data))).toBe(true);
  });

  it('writes after a prompt without a line terminator', async () => {
    const { engine, modem } = setup((_c, m) => {
      m.raw((chunk) => {
        if (chunk.includes(0x1a)) m.send('\r\n+CMGS: 7\r\n\r\nOK\r\n');
      });
      return '\r\n> ';
    });
    const res = await engine.run({
      text: 'AT+CMGS="1"',
      claims: ['+CMGS:'],
      outgoing: { on: 'prompt', data: () => new TextEncoder().encode('hi\x1a') },
    });
    expect(res.lines).toEqual(['+CMGS: 7']);
    expect(modem.writtenText).toBe('AT+CMGS="1"\rhi\x1a');
  });

  it('streams a large payload into a slow Writable with backpressure and no loss', async () => {
    const payload = new Uint8Array(512 * 1024).map((_, i) => (i * 7919) & 0xff);
    const { engine, host } = setup((_c, m) => {
      const parts: Array<string | Uint8Array> = [`\r\n+FTPEXTGET: 3,${payload.length}\r\n`];
      for (let i = 0; i < payload.length; i += 4096) parts.push(payload.subarray(i, i + 4096));
      parts.push('\r\nOK\r\n');
      return parts;
    });
    const pauses = vi.spyOn(host, 'pause');
    const hash = createHash('sha256');
    let received = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        received += chunk.length;
        setImmediate(cb);
      },
    });
    const res = await engine.run({
      text: 'AT+FTPEXTGET=3,0,524288',
      timeoutMs: 10_000,
      incoming: { dataAfter: lengthAnnouncedBy('+FTPEXTGET: 3,', 1), sink: writableSink(slow) },
    });
    await new Promise<void>((r) => slow.end(r));
    expect(res.payloadBytes).toBe(payload.length);
    expect(res.payload).toBeUndefined();
    expect(received).toBe(payload.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(pauses).toHaveBeenCalled();
  });

  it('refuses an absurd announced length', async () => {
    const { engine } = setup(() => '\r\n+FTPGET: 2,999999999999\r\n');
    await expect(
      engine.run({ text: 'AT+FTPGET=2,1460', incoming: { dataAfter: lengthAnnouncedBy('+FTPGET: 2,', 1), maxLength: 1460 } }),
    ).rejects.toMatchObject({ code: 'PROTOCOL' });
  });
});

describe('trace and secrets', () => {
  it('traces every line with secrets replaced, including the echo', async () => {
    const { engine } = setup((c) => `${c}\r\r\nOK\r\n\r\n+QFTPCFG: "account","alice","s3cr3t!"\r\n`);
    const trace: TraceEvent[] = [];
    engine.trace$.subscribe((e) => trace.push(e));
    await engine.run({ text: 'AT+QFTPCFG="account","alice","s3cr3t!"', secrets: ['alice', 's3cr3t!'] });
    await new Promise((r) => setTimeout(r, 5));
    const text = trace.map((e) => `${e.dir} ${e.kind} ${e.text}`).join('\n');
    expect(text).not.toMatch(/s3cr3t|alice/);
    expect(text).toContain('tx command AT+QFTPCFG="account","***","***"');
    expect(text).toContain('rx echo AT+QFTPCFG="account","***","***"');
    expect(text).toContain('rx urc +QFTPCFG: "account","***","***"');
  });

  it('redacts secrets in errors', async () => {
    const { engine } = setup(() => '\r\nERROR\r\n');
    const err = await engine.run({ text: 'AT+FTPPW="hunter2"', secrets: ['hunter2'] }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toBe('AT+FTPPW="***": ERROR');
    expect((err as AtCommandError).command).toBe('AT+FTPPW="***"');
  });
});

describe('Observable form', () => {
  it('aborts when unsubscribed', async () => {
    const { engine, modem } = setup((c) => (c === 'AT' ? '\r\nOK\r\n' : undefined));
    const sub = engine.run$({ text: 'AT+HANG' }).subscribe({ error: () => undefined });
    await new Promise((r) => setTimeout(r, 1));
    sub.unsubscribe();
    await expect(engine.run({ text: 'AT' })).resolves.toMatchObject({ final: 'OK' });
    expect(modem.commands).toEqual(['AT+HANG', 'AT']);
  });
});

void PassThrough;

describe('bounds', () => {
  it('fails a command that receives an endless stream of claimed lines', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, () => Array.from({ length: 50 }, (_, i) => `\r\n+X: ${i}\r\n`));
    const engine = new AtEngine(host, { maxLinesPerCommand: 20 });
    await expect(engine.run({ text: 'AT+X', claims: ['+X:'] })).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  it('a URC flood into an unread queue fails the next read instead of growing', async () => {
    const { engine, modem } = setup(() => '\r\nOK\r\n');
    const { UrcQueue } = await import('../../src/urc/urc-waiter.js');
    const queue = new UrcQueue(engine.urc$, '+FTPGET: 1,', engine.scheduler, 10);
    modem.send(Array.from({ length: 11 }, () => '\r\n+FTPGET: 1,1\r\n'));
    await new Promise((r) => setTimeout(r, 5));
    await expect(queue.next({ timeoutMs: 100 })).rejects.toMatchObject({ code: 'PROTOCOL' });
    queue.close();
  });
});

describe('data phases announced after OK (SIMCom FTPETGET)', () => {
  const payload = concatBytes(allByteValues(2), new TextEncoder().encode('\r\nOK\r\n+FTPETGET: 1,0\r\n'));
  const wire = concatBytes(
    new TextEncoder().encode('\r\nOK\r\n\r\n+FTPETGET: 1,1\r\n'),
    escapeDle(payload),
    Uint8Array.of(0x03),
    new TextEncoder().encode('\r\n+FTPETGET: 1,0\r\n'),
  );
  const command = () => ({
    text: 'AT+FTPETGET=1',
    incoming: { dataAfter: etxAfter('+FTPETGET: 1,1') },
    resultUrc: { match: (l: string) => /^\+FTPETGET: 1,(?!1$)/.test(l), timeoutMs: 5000 },
  });

  it.each([
    ['in one chunk', (w: Uint8Array) => [w]],
    ['byte by byte', (w: Uint8Array) => Array.from(w, (b) => Uint8Array.of(b))],
  ])('owns the stream and completes on the closing URC, %s', async (_name, split) => {
    const { engine, urcs } = setup((_c, m) => {
      for (const part of split(wire)) m.send(part);
      return undefined;
    });
    const res = await engine.run(command());
    expect(Buffer.from(res.payload ?? []).equals(Buffer.from(payload))).toBe(true);
    expect(res.lines).toEqual(['+FTPETGET: 1,1']);
    expect(res.resultUrc).toBe('+FTPETGET: 1,0');
    expect(urcs).toEqual([]);
  });
});

describe('the settle window after an abort', () => {
  it('swallows only a standard final; a custom-final-looking result URC still reaches urc$', async () => {
    vi.useFakeTimers();
    const { engine, modem, urcs } = setup((c) => (c === 'AT' ? '\r\nOK\r\n' : undefined));
    const ctl = new AbortController();
    const p = engine.run({ text: 'AT+FTPGET=2,10', errorFinals: ['+FTPGET: 1,'] }, { signal: ctl.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    ctl.abort();
    await p;
    modem.send('\r\n+FTPGET: 1,80\r\n');
    await vi.advanceTimersByTimeAsync(1);
    expect(urcs).toEqual(['+FTPGET: 1,80']);
    modem.send('\r\nERROR\r\n');
    await vi.advanceTimersByTimeAsync(1);
    await expect(engine.run({ text: 'AT' })).resolves.toMatchObject({ final: 'OK' });
    expect(urcs).toEqual(['+FTPGET: 1,80']);
  });
});

describe('timeouts while payload moves', () => {
  it('does not time out while bytes keep arriving, and does one window after they stop', async () => {
    vi.useFakeTimers();
    const { engine, modem } = setup(() => '\r\n+FTPEXTGET: 3,100\r\n');
    const result = engine
      .run({ text: 'AT+FTPEXTGET=3,0,100', timeoutMs: 1000, incoming: { dataAfter: lengthAnnouncedBy('+FTPEXTGET: 3,', 1) } })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    // 10 bytes every 600 ms: 3 s in all, far beyond one 1000 ms window, never idle for a whole one.
    for (let i = 0; i < 5; i++) {
      modem.send(new Uint8Array(10).fill(i));
      await vi.advanceTimersByTimeAsync(600);
    }
    let settled = false;
    void result.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(399);
    expect(settled).toBe(false);
    // Silence since the last bytes at t≈2401: the window ends 1000 ms after them.
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toBeInstanceOf(AtTimeoutError);
  });
});
