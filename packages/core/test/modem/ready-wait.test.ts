import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FtpError } from '../../src/errors/ftp-error.js';
import { openModem } from '../../src/modem/open-modem.js';
import type { Modem } from '../../src/modem/types.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem } from '../support/scripted-modem.js';
import { QUECTEL_EC25, answerPieces, shapeDrivers } from './support/module-shapes.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An EC25 that answers nothing while `ready()` is false. */
function bootingModule(ready: () => boolean) {
  const { host, device } = createMemoryLink();
  let echo = true;
  const modem = new ScriptedModem(device, (command) => {
    if (!ready()) return undefined;
    const reply = answerPieces(command, echo, QUECTEL_EC25.answers[command] ?? []).join('');
    if (command === 'ATE0') echo = false;
    return reply;
  });
  return { host, modem };
}

/** Settles `promise` while fake time runs, up to `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<{ value?: T; error?: unknown; settled: boolean }> {
  const out: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(out, { value, settled: true }),
    (error: unknown) => Object.assign(out, { error, settled: true }),
  );
  for (let t = 0; t < ms && !out.settled; t += 100) await vi.advanceTimersByTimeAsync(100);
  return out;
}

/** When `text` was written, in ms after the first byte the host wrote. */
const txAt = (trace: readonly TraceEvent[], text: string): number[] => {
  const start = trace.find((e) => e.dir === 'tx')?.at ?? Number.NaN;
  return trace.filter((e) => e.dir === 'tx' && e.kind === 'command' && e.text === text).map((e) => e.at - start);
};

describe('openModem at power-on: a booting module is waited for', () => {
  it.each([
    ['a BG96 after a reset', 3_000],
    ['an EC2x on a UART', 12_000],
    ['the slowest boot the default covers', 19_000],
  ])('%s (silent %i ms, then RDY) is identified and never sent +++', async (_what, bootMs) => {
    let ready = false;
    const { host, modem } = bootingModule(() => ready);
    setTimeout(() => {
      ready = true;
      modem.send('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n');
    }, bootMs);
    const opened = await within(bootMs + 5_000, openModem({ transport: host, drivers: shapeDrivers() }));
    expect(opened.error).toBeUndefined();
    expect((opened.value as Modem).info).toEqual(QUECTEL_EC25.info);
    expect(modem.commands).not.toContain('+++');
    expect(modem.writtenText).not.toContain('+++');
    expect(modem.commands.filter((c) => c !== 'AT')).toEqual(['ATE0', 'ATI', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR']);
    await (opened.value as Modem).close();
  });

  it('gives a port that never answers up after readyTimeoutMs, saying what it waited and that nothing came back', async () => {
    const { host, modem } = bootingModule(() => false);
    const trace: TraceEvent[] = [];
    const opened = await within(20_000, openModem({ transport: host, drivers: shapeDrivers(), readyTimeoutMs: 5_000, trace: (e) => trace.push(e) }));
    expect(opened.settled).toBe(true);
    expect(opened.error).toBeInstanceOf(FtpError);
    expect(opened.error).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^openModem: no answer to AT within the ready timeout of 5000 ms \(\d+ probes, a \+\+\+ escape, then 3 more\) and not a single byte came back: /),
    });
    // The one +++ came only after the ready timeout.
    const escapes = txAt(trace, '+++');
    expect(escapes).toHaveLength(1);
    expect(escapes[0]).toBeGreaterThanOrEqual(5_000);
    expect(escapes[0]).toBeLessThan(7_000);
    expect(modem.commands.filter((c) => c === '+++')).toHaveLength(1);
    expect(host.closed).toBe(true);
  });

  it('says that bytes came back when the port talks but never answers OK', async () => {
    const { host, device } = createMemoryLink();
    new ScriptedModem(device, () => '\r\nhello from a console\r\n');
    const opened = await within(30_000, openModem({ transport: host, drivers: shapeDrivers(), readyTimeoutMs: 4_000 }));
    expect(opened.error).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/bytes came back but never OK \(last lines .*hello from a console/),
    });
  });

  it('escapes at once from a module left streaming in data mode by a previous program', async () => {
    const { host, device } = createMemoryLink();
    let dataMode = true;
    const modem = new ScriptedModem(device, (command) => {
      if (command === '+++') {
        dataMode = false;
        return '\r\nOK\r\n';
      }
      return dataMode ? undefined : answerPieces(command, false, QUECTEL_EC25.answers[command] ?? []).join('');
    });
    const stream = setInterval(() => {
      if (dataMode) modem.send('\x00\x17binary\r\n');
    }, 50);
    const trace: TraceEvent[] = [];
    const opened = await within(10_000, openModem({ transport: host, drivers: shapeDrivers(), trace: (e) => trace.push(e) }));
    clearInterval(stream);
    expect(opened.error).toBeUndefined();
    expect((opened.value as Modem).info).toEqual(QUECTEL_EC25.info);
    const escapes = txAt(trace, '+++');
    expect(escapes).toHaveLength(1);
    // Two unanswered probes with foreign bytes, the settle window and the 1 s guard: well before any boot wait.
    expect(escapes[0]).toBeLessThan(2_500);
    await (opened.value as Modem).close();
  });

  it('escapes from a module left silent in an upload data phase only after the ready timeout', async () => {
    const { host, device } = createMemoryLink();
    let dataMode = true;
    new ScriptedModem(device, (command) => {
      if (command === '+++') {
        dataMode = false;
        return '\r\nOK\r\n';
      }
      return dataMode ? undefined : answerPieces(command, false, QUECTEL_EC25.answers[command] ?? []).join('');
    });
    const trace: TraceEvent[] = [];
    const opened = await within(15_000, openModem({ transport: host, drivers: shapeDrivers(), readyTimeoutMs: 6_000, trace: (e) => trace.push(e) }));
    expect(opened.error).toBeUndefined();
    const escapes = txAt(trace, '+++');
    expect(escapes).toHaveLength(1);
    expect(escapes[0]).toBeGreaterThanOrEqual(6_000);
    expect(escapes[0]).toBeLessThan(8_000);
    await (opened.value as Modem).close();
  });

  it('does not take start-up lines for data mode, however many arrive', async () => {
    let ready = false;
    const { host, modem } = bootingModule(() => ready);
    const noise = setInterval(() => modem.send('\r\n+CEREG: 2\r\n\r\n+QIND: "csq",9,99\r\n'), 200);
    setTimeout(() => {
      clearInterval(noise);
      ready = true;
      modem.send('\r\nRDY\r\n');
    }, 8_000);
    const opened = await within(12_000, openModem({ transport: host, drivers: shapeDrivers() }));
    expect(opened.error).toBeUndefined();
    expect(modem.commands).not.toContain('+++');
    await (opened.value as Modem).close();
  });

  it('stops waiting when the signal aborts', async () => {
    const { host } = bootingModule(() => false);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1_500);
    const opened = await within(3_000, openModem({ transport: host, drivers: shapeDrivers(), signal: controller.signal }));
    expect(opened.settled).toBe(true);
    expect(opened.error).toMatchObject({ code: 'ABORTED' });
    expect(host.closed).toBe(true);
  });

  it('refuses a readyTimeoutMs that is not a duration', async () => {
    const { host } = createMemoryLink();
    await expect(openModem({ transport: host, drivers: shapeDrivers(), readyTimeoutMs: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openModem({ transport: host, drivers: shapeDrivers(), readyTimeoutMs: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
