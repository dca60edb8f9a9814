import { abortedError, AtAbortedError, AtCommandError, type FtpError, type Operation, type ParsedResult, type UrcQueue } from '@cellftp/core';
import { FTP_QUIT, session, type SessionKind } from '../commands.js';
import { TIMINGS } from '../vendor.js';
import type { SimcomLink } from './link.js';

/** One transfer (or listing) as the flows see it. */
export interface Transfer {
  /** Names it in errors: `download of /a.bin`. */
  readonly what: string;
  readonly signal: AbortSignal | undefined;
  /** Bytes delivered (downloads) or confirmed (uploads) so far. */
  moved(): number;
  /** A download's `startAt`, so an abort names the offset to resume from. */
  readonly startAt?: number;
}

/** The kit's ABORTED error for `transfer`, with its byte count. */
export const aborted = (transfer: Transfer, command?: string): FtpError => abortedError(transfer.what, transfer.moved(), command, undefined, transfer.startAt);

/**
 * A SIMCom session (`AT+FTPGET=1`, `AT+FTPLIST=1`, `AT+FTPPUT=1`,
 * `AT+FTPETPUT=1`): opened through the kit's runner (busy rule, code table,
 * losses); its later `+<kind>: 1,…` lines are queued from before the open,
 * so none is missed between two reads (VENDOR-FACTS A.9.1).
 */
export class SessionLines {
  #fresh = true;

  private constructor(
    private readonly link: SimcomLink,
    private readonly op: Operation,
    private readonly queue: UrcQueue,
    private readonly transfer: Transfer,
  ) {}

  /** Opens the session; resolves with its first line (`1,1` open, or `1,0` already done). */
  static async open(link: SimcomLink, kind: SessionKind, transfer: Transfer, codeFor?: Operation['codeFor']): Promise<{ lines: SessionLines; first: ParsedResult }> {
    const op: Operation = { ...session(kind), signal: transfer.signal, codeFor };
    const lines = new SessionLines(link, op, link.runner.engine.urcQueue(op.result.any), transfer);
    try {
      const { response } = await link.runner.run(op);
      return { lines, first: op.result.parse(response.resultUrc ?? '') };
    } catch (error) {
      // The engine keeps an aborted command's late result to itself: ask the module, not the line.
      if (error instanceof AtAbortedError && transfer.signal?.aborted) error = await abandon(link, transfer, op.text);
      lines.close();
      throw error;
    }
  }

  /** The next `1,0` / `1,1` line; a failure line becomes its FtpError, an abort ends the session. */
  async next(): Promise<ParsedResult> {
    const { runner } = this.link;
    for (;;) {
      const line = await this.queue.next({ timeoutMs: runner.timeoutMs, signal: this.transfer.signal, label: this.op.text }).catch(async (error: unknown) => {
        if (error instanceof AtAbortedError && this.transfer.signal?.aborted) throw await this.abort();
        runner.dirty = true;
        throw error;
      });
      const parsed = this.op.result.parse(line);
      // A busy answer to an attempt the runner retried was queued before this session's lines.
      if (this.#fresh && !parsed.ok && runner.rules.busy?.codes.has(parsed.vendorCode)) continue;
      this.#fresh = false;
      if (!parsed.ok) throw runner.failure(this.op, line, this.op.text);
      return parsed;
    }
  }

  /**
   * Ends the session after an abort: AT+FTPQUIT (unless `quitSent`), then its
   * own last line (normally `1,80` "manual quit", §15.2.26; `1,0` when it
   * finished first). Leaves the module idle, or the runner dirty when the
   * module stays silent.
   */
  async abort(quitSent = false): Promise<FtpError> {
    const { runner } = this.link;
    // ERROR: nothing runs any more, so no last line is coming.
    const running = quitSent || await runner.plain(FTP_QUIT).then(() => true, (error: unknown) => (error instanceof AtCommandError ? false : Promise.reject(error)));
    const label = `${this.op.text} after ${FTP_QUIT.text}`;
    try {
      while (running && this.op.result.parse(await this.queue.next({ timeoutMs: TIMINGS.quitResultMs, label })).vendorCode === 1);
      runner.dirty = false;
    } catch {
      runner.dirty = true;
    }
    return aborted(this.transfer, this.op.text);
  }

  close(): void {
    this.queue.close();
  }
}

/** After an abort of a one-shot operation (it keeps running on the module): quit it, wait until the module is idle. */
export async function abandon(link: SimcomLink, transfer: Transfer, command: string): Promise<FtpError> {
  await link.runner.waitIdle(undefined, 0).catch(() => undefined);
  return aborted(transfer, command);
}
