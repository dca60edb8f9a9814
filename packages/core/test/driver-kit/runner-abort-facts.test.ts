import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { etxAfter } from '../../src/engine/data-helpers.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { codeTable } from '../../src/driver-kit/code-table.js';
import { LossWatch, RESTART_LOSSES } from '../../src/driver-kit/loss-watch.js';
import { OperationRunner } from '../../src/driver-kit/operation-runner.js';
import { fieldResult } from '../../src/driver-kit/result-shape.js';
import { SessionState } from '../../src/driver-kit/session-state.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

const codes = codeTable({ vendor: 'SIMCom', codes: { 77: ['SERVER', 'operate error'] } });
const etget = fieldResult('FTPETGET', { lead: ['1'], notResults: [1] });
const OPEN = /^\+FTPETGET:\s*1,1$/;

function setup(script: (command: string) => Reply) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  const engine = new AtEngine(host, { settleMs: 0 });
  const runner = new OperationRunner({ engine, rules: { codes }, session: new SessionState(new LossWatch(engine.urc$, RESTART_LOSSES)), timeoutMs: 30_000 });
  return { runner, modem };
}

afterEach(() => vi.useRealTimers());

describe('OperationRunner with a command that has abort facts', () => {
  it('a failure URC after OK ends the operation at once (the engine has nothing to abandon)', async () => {
    vi.useFakeTimers();
    const { runner } = setup(() => '\r\nOK\r\n\r\n+FTPETGET: 1,77\r\n');
    const done = runner
      .run({
        text: 'AT+FTPETGET=1',
        result: etget,
        signal: new AbortController().signal,
        command: { incoming: { dataAfter: etxAfter(OPEN), sink: () => undefined }, abort: { escape: { bytes: 'AT+FTPQUIT\r', guardMs: 0 } } },
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect(await Promise.race([done, 'still waiting'])).toMatchObject({ code: 'SERVER', vendorCode: 77 });
  });
});
