import { AtAbortedError, AtCommandError, AtTimeoutError, FtpError, type AtCommand, type AtEngine, type AtResponse } from '@cellftp/core';
import { paramCommand, parseSessionUrc, resultUrc, type ParamName, type SimpleOp } from '../commands.js';
import { NOT_ALLOWED, simcomError } from '../codes.js';
import type { ModuleState } from './module-state.js';

/** How often AT+FTPSTATE is polled while an earlier operation finishes. */
const STATE_POLL_MS = 100;

/**
 * Runs SIMCom FTP commands for one session: writes parameters only when they
 * change, runs "OK now, URC later" operations, and keeps the module's single
 * FTP slot free. After a timeout or an abort it asks AT+FTPSTATE (§15.2.18)
 * before the next operation, so it never starts one that would only earn
 * error 66 (VENDOR-FACTS A.9.5).
 */
export class FtpRunner {
  /** Set when an operation may still be running on the module (timeout, abort, transport trouble). */
  dirty = false;

  constructor(
    readonly engine: AtEngine,
    readonly state: ModuleState,
    /** Per-operation result timeout (`timeoutMs` of the FTP options). */
    readonly timeoutMs: number,
  ) {}

  /** Runs one command; a timeout marks the module state unknown. */
  async run(command: AtCommand, signal?: AbortSignal): Promise<AtResponse> {
    try {
      return await this.engine.run(command, signal ? { signal } : {});
    } catch (error) {
      if (error instanceof AtTimeoutError || error instanceof AtAbortedError) this.dirty = true;
      throw error;
    }
  }

  /** Writes `AT+<name>=<value>` unless the module already holds that value. */
  async set(name: ParamName, value: string | number, secret = false): Promise<void> {
    if (this.state.params.get(name) === value) return;
    this.state.params.delete(name);
    await this.run({ text: paramCommand(name, value), timeoutMs: 5000, ...(secret ? { secrets: [String(value)] } : {}) });
    this.state.params.set(name, value);
  }

  /** Forgets a parameter whose module value is unknown (e.g. FTPREST after a GET [NF A.3]). */
  forget(name: ParamName): void {
    this.state.params.delete(name);
  }

  /** `AT+FTPSTATE` → 0 idle, 1 an FTP operation is running. */
  async ftpState(): Promise<number> {
    const res = await this.run({ text: 'AT+FTPSTATE', claims: [/^\+FTPSTATE:/], timeoutMs: 5000 });
    const match = /^\+FTPSTATE: ?(\d)/.exec(res.lines[0] ?? '');
    return match ? Number(match[1]) : 0;
  }

  /** `AT+FTPQUIT`; `ERROR` just means nothing was running (§15.2.26). */
  async quit(): Promise<void> {
    await this.run({ text: 'AT+FTPQUIT', timeoutMs: 5000 }).catch((error: unknown) => {
      if (!(error instanceof AtCommandError)) throw error;
    });
  }

  /**
   * Waits until no FTP operation runs: polls AT+FTPSTATE, letting a running
   * operation end with its own result; if it outlives `patienceMs`, quits it.
   */
  async waitIdle(patienceMs = this.timeoutMs): Promise<void> {
    const started = Date.now();
    let quitSent = false;
    while ((await this.ftpState()) === 1) {
      if (!quitSent && Date.now() - started >= patienceMs) {
        quitSent = true;
        await this.quit();
      } else if (quitSent && Date.now() - started >= patienceMs + 10_000) {
        throw new FtpError('BUSY', 'an earlier FTP operation does not end (AT+FTPSTATE stays 1)', { command: 'AT+FTPSTATE' });
      }
      await delay(STATE_POLL_MS);
    }
    this.dirty = false;
  }

  /** Before an operation: if an earlier one may still run, wait for it to finish. */
  async ensureIdle(): Promise<void> {
    if (this.dirty) await this.waitIdle();
  }

  /**
   * Runs a one-shot operation (`AT+FTPSIZE`, `AT+FTPMKD`, …) and returns the
   * values after its result code. Error 66 while another operation still runs
   * is not reported: the driver waits for that operation and tries once more.
   */
  async simple(op: SimpleOp, text: string, options: { missingMeansNotFound?: boolean; signal?: AbortSignal } = {}): Promise<string[]> {
    await this.ensureIdle();
    for (let attempt = 0; ; attempt++) {
      const res = await this.run({ text, resultUrc: { match: resultUrc(op), timeoutMs: this.timeoutMs } }, options.signal);
      const { code, values } = parseSessionUrc(res.resultUrc ?? '');
      if (code === 0) return values;
      if (code === NOT_ALLOWED && attempt === 0 && (await this.ftpState()) === 1) {
        await this.waitIdle();
        continue;
      }
      throw simcomError(code, res.command, options);
    }
  }

  /**
   * For flows that open a session and read its first URC themselves: true
   * when a 66 was caused by another running operation (now finished), so the
   * caller should try once more.
   */
  async busyRetry(code: number, attempt: number): Promise<boolean> {
    if (code !== NOT_ALLOWED || attempt > 0 || (await this.ftpState()) !== 1) return false;
    await this.waitIdle();
    return true;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
