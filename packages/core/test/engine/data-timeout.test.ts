import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { lengthAnnouncedBy } from '../../src/engine/data-helpers.js';
import { AtTimeoutError } from '../../src/errors/engine-errors.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

function setup(script: (command: string) => Reply) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  return { engine: new AtEngine(host), modem };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a data phase that stalls', () => {
  it('ends with the timeout: the next command is framed as text again, not swallowed as the rest of the payload', async () => {
    vi.useFakeTimers();
    // 1000 bytes announced, 10 sent, then silence (a module that lost its data connection and said nothing).
    const { engine, modem } = setup((c) => (c === 'AT+GET' ? `\r\n+GET: 1000\r\n${'x'.repeat(10)}` : c === 'AT' ? '\r\nOK\r\n' : undefined));
    const get = engine.run({ text: 'AT+GET', timeoutMs: 500, incoming: { dataAfter: lengthAnnouncedBy('+GET:', 0) } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    const error = await get;
    expect(error).toBeInstanceOf(AtTimeoutError);
    const next = engine.run({ text: 'AT', timeoutMs: 1000 }).catch((e: unknown) => e);
    // Past the settle window that holds the queue for a late answer of AT+GET.
    await vi.advanceTimersByTimeAsync(400);
    expect(modem.commands).toEqual(['AT+GET', 'AT']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await next).toMatchObject({ final: 'OK' });
  });
});
