import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtEngine } from '../../src/engine/at-engine.js';
import { urcFields } from '../../src/engine/matchers.js';
import { createMemoryLink } from '../../src/transport/memory.js';
import type { BusyRule } from '../../src/driver-kit/busy-rule.js';
import { codeTable } from '../../src/driver-kit/code-table.js';
import { LossWatch, RESTART_LOSSES } from '../../src/driver-kit/loss-watch.js';
import { OperationRunner, type VendorRules } from '../../src/driver-kit/operation-runner.js';
import { fieldResult } from '../../src/driver-kit/result-shape.js';
import { SessionState } from '../../src/driver-kit/session-state.js';
import { ScriptedModem, type Reply } from '../support/scripted-modem.js';

const codes = codeTable({
  vendor: 'Quectel',
  codes: { 603: ['BUSY', 'FTP(S) server busy'], 627: ['NOT_FOUND', 'requested action not taken'], 66: ['BUSY', 'operation not allowed'] },
  serverReplies: { 550: 'NOT_FOUND' },
});
const size = fieldResult('QFTPSIZE', { replyField: 0 });

/** Quectel's rule: 603 → back off → AT+QFTPSTAT → retry while the session exists. */
const quectelBusy: BusyRule = {
  codes: new Set([603]),
  async state(runner, signal) {
    runner.lastStateCommand = 'AT+QFTPSTAT';
    const res = await runner.engine.run({ text: 'AT+QFTPSTAT', claims: ['+QFTPSTAT:'] }, signal ? { signal } : {});
    const stat = Number(urcFields(res.lines[0] ?? '')[1]);
    return stat === 4 ? 'closed' : stat === 2 ? 'busy' : 'idle';
  },
  budgetMs: 5000,
  backoffMs: (n) => Math.min(100 * 2 ** n, 1000),
  pollMs: () => 100,
  retryWhenIdle: true,
  checkAfterInterrupt: false,
};

function setup(script: (command: string, modem: ScriptedModem) => Reply, busy?: BusyRule) {
  const { host, device } = createMemoryLink();
  const modem = new ScriptedModem(device, script);
  const engine = new AtEngine(host, { settleMs: 0 });
  const losses = new LossWatch(engine.urc$, RESTART_LOSSES);
  const session = new SessionState(losses);
  const rules: VendorRules = { codes, busy };
  const runner = new OperationRunner({ engine, rules, session, timeoutMs: 3000 });
  return { engine, modem, runner, session, losses };
}

afterEach(() => vi.useRealTimers());

describe('OperationRunner', () => {
  it('completes on the success URC after OK and returns its values', async () => {
    const { runner, modem } = setup(() => '\r\nOK\r\n\r\n+QFTPSIZE: 0,1000\r\n');
    const { values } = await runner.run({ text: 'AT+QFTPSIZE="a.bin"', result: size });
    expect(values).toEqual(['1000']);
    expect(modem.writtenText).toBe('AT+QFTPSIZE="a.bin"\r');
  });

  it('maps a failure URC after OK through the code table, server reply first', async () => {
    const { runner } = setup(() => '\r\nOK\r\n\r\n+QFTPSIZE:627,550\r\n');
    await expect(runner.run({ text: 'AT+QFTPSIZE="x"', result: size })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      vendorCode: 627,
      serverReply: 550,
      message: 'AT+QFTPSIZE="x": requested action not taken (Quectel 627, server replied 550)',
    });
  });

  it('maps a failure URC before OK and a +CME ERROR the same way', async () => {
    const first = setup(() => '\r\n+QFTPSIZE: 627,550\r\n');
    await expect(first.runner.run({ text: 'AT+QFTPSIZE="x"', result: size })).rejects.toMatchObject({ code: 'NOT_FOUND', vendorCode: 627 });
    const second = setup(() => '\r\n+CME ERROR: 627\r\n');
    await expect(second.runner.run({ text: 'AT+QFTPSIZE="x"', result: size })).rejects.toMatchObject({ code: 'NOT_FOUND', vendorCode: 627 });
  });

  it('retries a busy answer by the vendor rule, writing exactly the state query between', async () => {
    let calls = 0;
    const { runner, modem } = setup((c) => {
      if (c === 'AT+QFTPSTAT') return '\r\n+QFTPSTAT: 0,1\r\n\r\nOK\r\n';
      return calls++ === 0 ? '\r\n+CME ERROR: 603\r\n' : '\r\nOK\r\n\r\n+QFTPSIZE: 0,7\r\n';
    }, quectelBusy);
    await expect(runner.run({ text: 'AT+QFTPSIZE="a"', result: size })).resolves.toMatchObject({ values: ['7'] });
    expect(modem.commands).toEqual(['AT+QFTPSIZE="a"', 'AT+QFTPSTAT', 'AT+QFTPSIZE="a"']);
  });

  it('waits while the module says busy, on the engine scheduler (fake timers)', async () => {
    vi.useFakeTimers();
    let stat = 2;
    let calls = 0;
    const { runner, modem } = setup((c) => {
      if (c === 'AT+QFTPSTAT') return `\r\n+QFTPSTAT: 0,${stat}\r\n\r\nOK\r\n`;
      return calls++ === 0 ? '\r\n+CME ERROR: 603\r\n' : '\r\nOK\r\n\r\n+QFTPSIZE: 0,7\r\n';
    }, quectelBusy);
    const done = runner.run({ text: 'AT+QFTPSIZE="a"', result: size });
    await vi.advanceTimersByTimeAsync(350);
    stat = 1;
    await vi.advanceTimersByTimeAsync(200);
    await expect(done).resolves.toMatchObject({ values: ['7'] });
    expect(modem.commands.filter((c) => c === 'AT+QFTPSTAT').length).toBeGreaterThanOrEqual(3);
    expect(modem.commands.at(-1)).toBe('AT+QFTPSIZE="a"');
  });

  it('gives up with BUSY when the module stays busy past the budget', async () => {
    vi.useFakeTimers();
    const { runner } = setup((c) => (c === 'AT+QFTPSTAT' ? '\r\n+QFTPSTAT: 0,2\r\n\r\nOK\r\n' : '\r\n+CME ERROR: 603\r\n'), quectelBusy);
    const done = runner.run({ text: 'AT+QFTPSIZE="a"', result: size }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(6000);
    expect(await done).toMatchObject({ code: 'BUSY', message: 'an earlier FTP operation does not end on the module' });
  });

  it('an AbortSignal ends the busy wait at once', async () => {
    vi.useFakeTimers();
    const { runner } = setup((c) => (c === 'AT+QFTPSTAT' ? '\r\n+QFTPSTAT: 0,2\r\n\r\nOK\r\n' : '\r\n+CME ERROR: 603\r\n'), quectelBusy);
    const controller = new AbortController();
    const done = runner.run({ text: 'AT+QFTPSIZE="a"', result: size, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(250);
    controller.abort();
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toMatchObject({ code: 'ABORTED' });
  });

  it('a module that calls the session closed ends it with CLOSED and the reason', async () => {
    const { runner, session } = setup((c) => (c === 'AT+QFTPSTAT' ? '\r\n+QFTPSTAT: 0,4\r\n\r\nOK\r\n' : '\r\n+CME ERROR: 603\r\n'), quectelBusy);
    await expect(runner.run({ text: 'AT+QFTPCWD="/"', result: fieldResult('QFTPCWD') })).rejects.toMatchObject({
      code: 'CLOSED',
      message: 'the FTP session is closed: the module reports the FTP session closed',
    });
    expect(session.closed).toBe(true);
  });

  it('a SIMCom-like 66 while idle is a real refusal, not retried', async () => {
    const simcomBusy: BusyRule = { ...quectelBusy, codes: new Set([66]), retryWhenIdle: false, maxAttempts: 2 };
    const ftpSize = fieldResult('FTPSIZE', { lead: ['1'], notResults: [1] });
    const { runner, modem } = setup((c) => (c === 'AT+QFTPSTAT' ? '\r\n+QFTPSTAT: 0,1\r\n\r\nOK\r\n' : '\r\nOK\r\n\r\n+FTPSIZE: 1,66\r\n'), simcomBusy);
    await expect(runner.run({ text: 'AT+FTPSIZE', result: ftpSize })).rejects.toMatchObject({ code: 'BUSY', vendorCode: 66 });
    expect(modem.commands).toEqual(['AT+FTPSIZE', 'AT+QFTPSTAT']);
  });

  it('a restart during an operation fails it with the loss reason, and later calls say why', async () => {
    const { runner, session } = setup(() => '\r\nOK\r\n\r\nRDY\r\n\r\n+QFTPSIZE: 605,0\r\n');
    await expect(runner.run({ text: 'AT+QFTPSIZE="a"', result: size })).rejects.toMatchObject({
      code: 'MODEM',
      vendorCode: 605,
      message: 'AT+QFTPSIZE="a": the module restarted (RDY); the FTP session is closed',
    });
    expect(session.closedError().message).toBe('the FTP session is closed: the module restarted (RDY)');
  });
});

describe('LossWatch', () => {
  it('applies a PDP rule only to the context the driver uses, and power-down like a restart', () => {
    const urc$ = new Subject<string>();
    const losses = new LossWatch(urc$, [
      ...RESTART_LOSSES,
      { match: /^\+APP PDP: ?(\d),DEACTIVE/, code: 'NETWORK', reason: (m) => `bearer ${m[1]} was deactivated`, context: (m) => Number(m[1]) },
    ]);
    losses.contextId = 0;
    const session = new SessionState(losses);
    urc$.next('+APP PDP: 1,DEACTIVE');
    urc$.next('SMS Ready');
    expect(session.closed).toBe(false);
    urc$.next('+APP PDP: 0,DEACTIVE');
    expect(session.loss).toMatchObject({ code: 'NETWORK', reason: 'bearer 0 was deactivated', restart: false });
    const later = new SessionState(losses);
    expect(later.closed).toBe(false);
    urc$.next('NORMAL POWER DOWN');
    expect(later.closedReason).toBe('the module powered down (NORMAL POWER DOWN)');
    expect(later.lossError('AT+X')).toMatchObject({ code: 'MODEM', message: 'AT+X: the module powered down (NORMAL POWER DOWN); the FTP session is closed' });
    losses.dispose();
  });

  it('keeps the first reason a session was closed for', () => {
    const session = new SessionState(new LossWatch(new Subject<string>(), RESTART_LOSSES));
    session.markClosed('closed by the caller');
    session.markClosed('later');
    expect(session.closedError('AT+QFTPCWD="/"')).toMatchObject({ code: 'CLOSED', message: 'the FTP session is closed: closed by the caller' });
  });
});
