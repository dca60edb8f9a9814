import type { AtEngine } from '../engine/at-engine.js';
import type { AtCommand, AtResponse } from '../engine/command.js';
import { AtAbortedError, AtCommandError, AtTimeoutError } from '../errors/engine-errors.js';
import { FtpError, type FtpErrorCode } from '../errors/ftp-error.js';
import type { BusyRule, ModuleFtpState } from './busy-rule.js';
import type { CodeTable } from './code-table.js';
import { delay } from './delay.js';
import type { ParsedResult, ResultShape } from './result-shape.js';
import type { SessionState } from './session-state.js';

/** One FTP operation: a command whose outcome is a result URC of a declared shape. */
export interface Operation {
  readonly text: string;
  readonly result: ResultShape;
  /** Result timeout; default the runner's `timeoutMs`. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Further command facts: secrets, data phases, abort facts. */
  readonly command?: Omit<AtCommand, 'text' | 'resultUrc' | 'timeoutMs'>;
  /** Handle busy answers with the vendor's rule (default true). */
  readonly retryBusy?: boolean;
  /** The operation opens the session: a module that calls it closed is expected. */
  readonly opensSession?: boolean;
  /** Overrides the table's neutral code for a failure, e.g. "77 on an existing name means NOT_FOUND". */
  readonly codeFor?: (failure: ParsedResult) => FtpErrorCode | undefined;
  /** Ends the operation from inside a flow; its reason (an Error) is what the operation rejects with. */
  readonly internal?: AbortSignal | undefined;
}

/** What a successful operation returns. */
export interface OperationResult {
  /** The result line's fields after its code. */
  readonly values: readonly string[];
  readonly response: AtResponse;
}

/** The vendor facts an {@link OperationRunner} executes. */
export interface VendorRules {
  readonly codes: CodeTable;
  readonly busy?: BusyRule | undefined;
  /**
   * After a failure that is not a busy answer and not a loss: the vendor's
   * look at the module (Quectel asks `AT+QFTPSTAT` after errors that can end
   * the session). Must not throw.
   */
  afterFailure?(error: FtpError, runner: OperationRunner): Promise<void>;
}

/** Options of {@link OperationRunner}. */
export interface OperationRunnerOptions {
  readonly engine: AtEngine;
  readonly rules: VendorRules;
  readonly session: SessionState;
  /** Default result timeout of one operation. */
  readonly timeoutMs: number;
}

/**
 * Runs a vendor's FTP operations the same way for every vendor:
 * - the success URC completes the operation, before or after `OK` (the engine watches from the start);
 * - a failure URC before `OK` is an error final, after `OK` a watcher ends the wait;
 * - failures become {@link FtpError}s through the vendor's code table;
 * - busy answers are handled by the vendor's {@link BusyRule};
 * - a restart or PDP loss during the operation becomes the loss's error, with its reason.
 */
export class OperationRunner {
  readonly engine: AtEngine;
  readonly rules: VendorRules;
  readonly session: SessionState;
  readonly timeoutMs: number;
  /** An operation may still run on the module (timed out or aborted). */
  dirty = false;

  constructor(options: OperationRunnerOptions) {
    this.engine = options.engine;
    this.rules = options.rules;
    this.session = options.session;
    this.timeoutMs = options.timeoutMs;
  }

  /** Runs `op`, retrying busy answers by the vendor's rule. */
  async run(op: Operation): Promise<OperationResult> {
    const busy = this.rules.busy;
    const started = this.engine.scheduler.now();
    for (let attempt = 0; ; attempt++) {
      if (busy?.checkAfterInterrupt && this.dirty) await this.waitIdle(op.signal);
      try {
        return await this.#once(op);
      } catch (error) {
        const label = this.engine.secrets.redact(op.text);
        if (busy && op.retryBusy !== false && this.isBusy(error) && !op.signal?.aborted) {
          const left = busy.budgetMs - (this.engine.scheduler.now() - started);
          if (left > 0 && attempt + 1 < (busy.maxAttempts ?? Number.POSITIVE_INFINITY)) {
            await delay(this.engine.scheduler, busy.backoffMs(attempt), op.signal, label);
            const state = await busy.state(this, op.signal);
            if (state === 'closed' && !op.opensSession) {
              this.session.markClosed('the module reports the FTP session closed');
              throw this.session.closedError(label);
            }
            if (state === 'busy') {
              await this.waitIdle(op.signal, left);
              continue;
            }
            if (state === 'idle' && !busy.retryWhenIdle) throw error;
            continue;
          }
        }
        throw await this.#afterFailure(error, label);
      }
    }
  }

  /** Runs a plain command (configuration, file system, bearer); `+CME ERROR: <n>` goes through the code table. */
  async plain(command: AtCommand, signal?: AbortSignal): Promise<AtResponse> {
    try {
      return await this.engine.run(command, signal ? { signal } : {});
    } catch (error) {
      this.#markInterrupted(error);
      if (error instanceof AtCommandError && error.cmeError !== undefined && this.rules.codes.entry(error.cmeError)) {
        throw this.rules.codes.error(error.cmeError, { command: error.command ?? this.engine.secrets.redact(command.text), cause: error });
      }
      throw error;
    }
  }

  /** True when `error` is one of the busy rule's codes. */
  isBusy(error: unknown): boolean {
    const codes = this.rules.busy?.codes;
    return codes !== undefined && error instanceof FtpError && error.vendorCode !== undefined && codes.has(error.vendorCode);
  }

  /**
   * Waits until the module's FTP slot is free: asks its state, lets a running
   * operation end by itself, ends it with the rule's `quit` once it outlives
   * `patienceMs`, and fails with BUSY if it still does not end.
   */
  async waitIdle(signal?: AbortSignal, patienceMs = this.rules.busy?.budgetMs ?? this.timeoutMs): Promise<ModuleFtpState> {
    const busy = this.rules.busy;
    if (!busy) return 'idle';
    const started = this.engine.scheduler.now();
    let quitSent = false;
    for (let poll = 0; ; poll++) {
      const state = await busy.state(this, signal);
      if (state !== 'busy') {
        this.dirty = false;
        return state;
      }
      const elapsed = this.engine.scheduler.now() - started;
      if (!quitSent && busy.quit && elapsed >= patienceMs) {
        quitSent = true;
        await busy.quit(this, signal);
        continue;
      }
      if (elapsed >= patienceMs + (quitSent ? (busy.quitGraceMs ?? 10_000) : 0)) {
        throw new FtpError('BUSY', 'an earlier FTP operation does not end on the module', { command: this.engine.secrets.redact(this.lastStateCommand ?? 'state query') });
      }
      await delay(this.engine.scheduler, busy.pollMs(poll), signal, 'waiting for the module');
    }
  }

  /** The text of the busy rule's state query, for error messages; set by the vendor's `state`. */
  lastStateCommand: string | undefined;

  async #once(op: Operation): Promise<OperationResult> {
    const { result } = op;
    const timeoutMs = op.timeoutMs ?? this.timeoutMs;
    const stop = new AbortController();
    let late: string | undefined;
    // A failure URC after OK is not a final result: watch for it and stop waiting for the success URC.
    const watcher = this.engine.urcQueue(result.failed);
    void watcher.next({ timeoutMs: 2 ** 31 - 1, signal: stop.signal }).then(
      (line) => {
        late = line;
        stop.abort();
      },
      () => undefined,
    );
    const signals = [stop.signal, op.signal, op.internal].filter((s): s is AbortSignal => s !== undefined);
    const command: AtCommand = {
      ...op.command,
      text: op.text,
      timeoutMs,
      resultUrc: { match: result.ok, timeoutMs },
      errorFinals: [...(op.command?.errorFinals ?? []), result.failed],
    };
    try {
      const response = await this.engine.run(command, { signal: AbortSignal.any(signals) });
      return { values: result.parse(response.resultUrc ?? '').values, response };
    } catch (error) {
      const label = this.engine.secrets.redact(op.text);
      if (late !== undefined) throw this.failure(op, late, label);
      if (op.internal?.aborted && op.internal.reason instanceof Error) throw op.internal.reason;
      this.#markInterrupted(error);
      if (error instanceof AtCommandError) {
        if (result.failed.test(error.final)) throw this.failure(op, error.final, label, error);
        if (error.cmeError !== undefined) throw this.rules.codes.error(error.cmeError, { command: label, cause: error });
      }
      throw error;
    } finally {
      stop.abort();
      watcher.close();
    }
  }

  /** The error of a failure result line of `op`. */
  failure(op: Pick<Operation, 'result' | 'codeFor'>, line: string, command: string, cause?: unknown): FtpError {
    const parsed = op.result.parse(line);
    return this.rules.codes.error(parsed.vendorCode, { serverReply: parsed.serverReply, command, cause, code: op.codeFor?.(parsed) });
  }

  #markInterrupted(error: unknown): void {
    if (error instanceof AtTimeoutError || error instanceof AtAbortedError) this.dirty = true;
  }

  async #afterFailure(error: unknown, label: string): Promise<unknown> {
    const lost = this.session.lossError(label, error);
    if (lost) return lost;
    if (error instanceof FtpError && this.rules.afterFailure) {
      await this.rules.afterFailure(error, this).catch(() => undefined);
      const lostSince = this.session.lossError(label, error);
      if (lostSince) return lostSince;
    }
    return error;
  }
}
