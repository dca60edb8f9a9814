import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { knownLengthAfter } from '../../src/engine/data-helpers.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import { codeTable } from '../../src/driver-kit/code-table.js';
import { LossWatch, RESTART_LOSSES } from '../../src/driver-kit/loss-watch.js';
import { OperationRunner } from '../../src/driver-kit/operation-runner.js';
import { fieldResult } from '../../src/driver-kit/result-shape.js';
import { SessionState } from '../../src/driver-kit/session-state.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

afterEach(() => vi.useRealTimers());

const codes = codeTable({ vendor: 'Quectel', codes: { 616: ['DATA_CONNECTION', 'connection closed; transfer aborted'] }, serverReplies: { 426: 'DATA_CONNECTION' } });
const get = fieldResult('QFTPGET', { replyField: 0 });

function setup(script: (command: string) => Reply) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  const engine = new AtEngine(host, { settleMs: 0 });
  const runner = new OperationRunner({ engine, rules: { codes }, session: new SessionState(new LossWatch(engine.urc$, RESTART_LOSSES)), timeoutMs: 10_000 });
  return { modem, runner };
}

describe('OperationRunner with abort facts (a ranged download)', () => {
  it('a failure URC after OK ends an operation that declares abort facts at once, not at its timeout', async () => {
    vi.useFakeTimers();
    const { runner } = setup(() => ['\r\nCONNECT\r\n', 'abcd', '\r\nOK\r\n', '\r\n+QFTPGET: 616,426\r\n']);
    const started = Date.now();
    const done = runner
      .run({ text: 'AT+QFTPGET="f","COM:",0,4', result: get, command: { incoming: { dataAfter: knownLengthAfter('CONNECT', 4) }, abort: { escape: { bytes: '+++', guardMs: 1000 } } } })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await Promise.race([done, Promise.resolve('still waiting')])).toMatchObject({ code: 'DATA_CONNECTION', vendorCode: 616, serverReply: 426 });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
