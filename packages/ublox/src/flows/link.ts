import { AtCommandError, AtTimeoutError, FtpError, type AtCommand, type AtResponse, type FtpErrorCode, type Operation, type OperationResult, type OperationRunner } from '@cellftp/core';
import { LOGIN_GONE, uftperError } from '../codes.js';
import { CMEE_MODE, commands, UFTPER, UNEXPLAINED, type UbloxOperation } from '../commands.js';
import type { UbloxProfile } from '../profiles.js';
import { TIMINGS } from '../rules.js';

/** One `AT+UFTPC` action as flows ask for it. */
export interface ActionOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  readonly command?: Operation['command'];
  readonly opensSession?: boolean;
  /** Refines the neutral code of an explained failure (e.g. 35 on `cd` is NOT_FOUND anyway). */
  readonly codeFor?: (errorClass: number, code: number) => FtpErrorCode | undefined;
  /** Ends the action from inside a flow (the engine abandons its data phase by the command's abort facts). */
  readonly internal?: AbortSignal;
}

/**
 * The u-blox way of running an FTP action (digest §1, §9): `AT+UFTPC=<op>,…`
 * answers `OK` at once, the outcome is `+UUFTPCR: <op>,1|0`, and a failure is
 * explained only by asking `AT+UFTPER` afterwards. Everything else (result
 * before or after `OK`, losses) is the kit's {@link OperationRunner}.
 */
export class UbloxLink {
  constructor(
    readonly runner: OperationRunner,
    readonly profile: UbloxProfile,
  ) {}

  get engine() {
    return this.runner.engine;
  }

  async action(operation: UbloxOperation, options: ActionOptions = {}): Promise<OperationResult> {
    try {
      return await this.runner.run({
        ...operation,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        command: options.command,
        opensSession: options.opensSession,
        retryBusy: false,
        internal: options.internal,
      });
    } catch (error) {
      if (error instanceof AtTimeoutError) throw await this.restarted(error);
      if (!(error instanceof FtpError) || error.vendorCode !== UNEXPLAINED || options.signal?.aborted) throw error;
      throw await this.explain(this.engine.secrets.redact(operation.text), error, options.codeFor);
    }
  }

  /**
   * A SARA prints no start-up line (no document shows one), so a restart
   * looks like silence. After a timeout the module is asked `AT+CMEE?` (twice): the
   * driver's 2 back at another value means it restarted and lost the login,
   * the profile and the PSD activation; the session is closed with that
   * reason (MODEM) and numeric errors set again. A module still silent keeps the timeout.
   */
  async restarted(timeout: AtTimeoutError): Promise<FtpError> {
    // Twice: a module still deaf from its restart loses the first probe.
    let mode: string | undefined;
    for (let attempt = 0; attempt < 2 && mode === undefined; attempt++) {
      const answer = await this.local(commands.cmeeQuery, { claims: [CMEE_MODE], timeoutMs: TIMINGS.probeMs }).catch(() => undefined);
      mode = CMEE_MODE.exec(answer?.lines[0] ?? '')?.[1];
    }
    if (mode === undefined || mode === '2') return timeout;
    const reason = `the module restarted (AT+CMEE? answers ${mode}, the driver had set 2)`;
    this.runner.session.markClosed(reason);
    await this.local(commands.cmee).catch(() => undefined);
    return new FtpError('MODEM', `${timeout.command ?? 'the operation'}: ${reason}; the FTP session is closed, connect again`, { command: timeout.command, cause: timeout });
  }

  /** `AT+UFTPER` → `+UFTPER: <class>,<code>`, through the class/code tables (digest §9). */
  async explain(command: string, cause: FtpError, codeFor?: ActionOptions['codeFor']): Promise<FtpError> {
    const answer = await this.local(commands.error, { claims: [UFTPER] }).catch(() => undefined);
    const m = UFTPER.exec(answer?.lines[0] ?? '');
    if (!m) return cause;
    const errorClass = Number(m[1]);
    const code = Number(m[2]);
    const error = uftperError(errorClass, code, { command, cause, code: codeFor?.(errorClass, code) });
    if (LOGIN_GONE.has(code) && (errorClass === 1 || errorClass === 8)) {
      this.runner.session.markClosed(`the module reports the FTP login gone (u-blox +UFTPER: ${errorClass},${code}); open a new session`);
    }
    return error;
  }

  /** A command the module answers at once; `+CME ERROR` stays an {@link AtCommandError} with its text. */
  local(text: string, extra: Partial<AtCommand> = {}, signal?: AbortSignal): Promise<AtResponse> {
    return this.runner.plain({ text, timeoutMs: TIMINGS.localMs, ...extra }, signal);
  }
}

/** `+CME ERROR: <text>` of a file-system command, matched by its documented wording (digest §5.1, §7). */
export function cmeText(error: unknown, pattern: RegExp): boolean {
  return error instanceof AtCommandError && pattern.test(error.cmeText ?? error.final);
}
