import type { Subscription } from 'rxjs';
import type { DataEndReason } from '../framing/events.js';
import { concat } from '../framing/line-bytes.js';
import type { AtCommand, AtResponse } from './command.js';
import type { TrailerHold } from './trailer-hold.js';

/** The mutable state of the one command the engine is running. */
export class InFlight {
  /** The command's bytes have been handed to the transport: only now are lines claimed. */
  written = false;
  /** Stream offset of the first received byte after the write: earlier lines are never this command's. */
  writtenAt = 0;
  done = false;
  /** The caller has been answered (after `done`: an abandoned command answers after its follow-ups). */
  settled = false;
  final: string | undefined;
  resultUrc: string | undefined;
  readonly lines: string[] = [];
  readonly chunks: Uint8Array[] = [];
  payloadBytes = 0;
  timer: Subscription | undefined;
  /** The current timeout window and what the command waits for in it. */
  windowMs = 0;
  waitingFor = '';
  /** Scheduler time of the last sign of progress (write, claimed line, payload bytes). */
  activityAt = 0;
  detachSignal: (() => void) | undefined;
  /**
   * The module's last word on this command has been seen without completing
   * it: a failure line after `OK`, or the command's declared trailer found in
   * the payload (`incoming.trailer`). Nothing more is owed if it is abandoned.
   */
  answerSeen = false;

  constructor(
    readonly command: AtCommand,
    /** The command text with secrets redacted, used in traces and errors. */
    readonly label: string,
    private readonly onResolve: (response: AtResponse) => void,
    private readonly onReject: (error: Error) => void,
  ) {}

  /** The held tail of an exact-length payload whose command declared a trailer. */
  hold: TrailerHold | undefined;
  quietTimer: Subscription | undefined;
  /** How this command's incoming data phase ended, once it did. */
  phaseEnd: DataEndReason | undefined;
  /** Outgoing payload bytes written. */
  outgoingBytes = 0;
  /** An outgoing data phase is being written. */
  sending = false;
  /** The run's signal fired after the write: the command is being abandoned by its abort facts. */
  abortRequested = false;
  escapeWritten = false;
  escapeTimer: Subscription | undefined;
  /** The outgoing data phase's trigger line has been seen. */
  triggered = false;
  /**
   * `final` is an `OK` that came while the outgoing trigger was still
   * outstanding, for a command without a result URC: it is not the end; the
   * trigger clears it and the final after the data phase ends the command.
   */
  earlyFinal = false;

  /** False while the command still needs a final result, a result URC, or its data trigger. */
  get complete(): boolean {
    if (this.final === undefined) return false;
    if (this.command.resultUrc === undefined) return !this.earlyFinal;
    return this.resultUrc !== undefined;
  }

  /** Stops every timer and listener; the caller is told later by {@link InFlight.settle}. */
  close(): void {
    this.done = true;
    this.timer?.unsubscribe();
    this.quietTimer?.unsubscribe();
    this.escapeTimer?.unsubscribe();
    this.detachSignal?.();
    this.detachSignal = undefined;
  }

  settle(error?: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.close();
    if (error) {
      this.onReject(error);
      return;
    }
    this.onResolve({
      command: this.label,
      lines: this.lines,
      final: this.final ?? '',
      resultUrc: this.resultUrc,
      payload: this.command.incoming && !this.command.incoming.sink ? concat(this.chunks, this.payloadBytes) : undefined,
      payloadBytes: this.payloadBytes,
    });
  }
}
