import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { escapeSequence } from '../../src/engine/data-helpers.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { ScriptedModem } from '../support/scripted-modem.js';

afterEach(() => vi.useRealTimers());

describe('+++ escape with guard times', () => {
  it('keeps the line silent for the guard time before +++ and sends no CR', async () => {
    vi.useFakeTimers();
    const { host, device } = createMemoryLink();
    const writes: Array<{ at: number; text: string }> = [];
    const modem = new ScriptedModem(device, (c) => (c === '+++' ? undefined : '\r\nOK\r\n'));
    device.data$.subscribe((b) => writes.push({ at: Date.now(), text: Buffer.from(b).toString('latin1') }));
    const engine = new AtEngine(host);
    const t0 = Date.now();
    await engine.run({ text: 'AT' });
    const escaped = engine.run(escapeSequence(1000));
    await vi.advanceTimersByTimeAsync(999);
    expect(writes.map((w) => w.text)).toEqual(['AT\r']);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes.map((w) => w.text)).toEqual(['AT\r', '+++']);
    expect((writes[1]?.at ?? 0) - t0).toBe(1000);
    // The module answers only after its own trailing guard time.
    await vi.advanceTimersByTimeAsync(1000);
    modem.send('\r\nOK\r\n');
    await expect(escaped).resolves.toMatchObject({ final: 'OK', command: '+++' });
    expect(modem.writtenText).toBe('AT\r+++');
  });

  it('waits only for the rest of the guard when the line was already quiet', async () => {
    vi.useFakeTimers();
    const { host, device } = createMemoryLink();
    const modem = new ScriptedModem(device, (c) => (c === '+++' ? '\r\nOK\r\n' : '\r\nOK\r\n'));
    const engine = new AtEngine(host);
    await engine.run({ text: 'AT' });
    await vi.advanceTimersByTimeAsync(600);
    const escaped = engine.run(escapeSequence(1000));
    await vi.advanceTimersByTimeAsync(399);
    expect(modem.commands).toEqual(['AT']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(escaped).resolves.toMatchObject({ final: 'OK' });
  });
});
