import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { ScriptedModem } from '../support/scripted-modem.js';

/** The engine's trace and errors for one failing command that carries `pw`, echoed by the module. */
async function run(command: (pw: string) => string, pw: string): Promise<{ trace: string; error: Error }> {
  const { host, device } = createMemoryLink();
  new ScriptedModem(device, (c) => `${c}\r\r\n+CME ERROR: 3\r\n`);
  const engine = new AtEngine(host);
  const events: TraceEvent[] = [];
  engine.trace$.subscribe((e) => events.push(e));
  const error = (await engine.run({ text: command(pw), secrets: [pw], timeoutMs: 1000 }).catch((e: unknown) => e)) as Error;
  await engine.close();
  return { trace: events.map((e) => `${e.dir} ${e.kind} ${e.text}`).join('\n'), error };
}

describe('the engine never shows a short password, and shows everything else', () => {
  it.each(['p', '$&', 'a.*b', '|^\\'])('AT+FTPPW and AT+QFTPCFG="account" with %j', async (pw) => {
    const ftppw = await run((p) => `AT+FTPPW="${p}"`, pw);
    expect(ftppw.trace).toBe('tx command AT+FTPPW="***"\nrx echo AT+FTPPW="***"\nrx line +CME ERROR: 3');
    expect(ftppw.error.message).toBe('AT+FTPPW="***": +CME ERROR: 3');
    const account = await run((p) => `AT+QFTPCFG="account","bob","${p}"`, pw);
    expect(account.trace).toContain('tx command AT+QFTPCFG="account","bob","***"\nrx echo AT+QFTPCFG="account","bob","***"');
    expect(account.error.message).toBe('AT+QFTPCFG="account","bob","***": +CME ERROR: 3');
  });
});
