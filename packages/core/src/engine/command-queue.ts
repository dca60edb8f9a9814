import type { Expectation } from '../framing/events.js';
import { AtAbortedError, TransportClosedError } from '../errors/engine-errors.js';
import type { AtCommand, AtResponse } from './command.js';
import type { EngineParts, EngineState } from './engine-state.js';
import { classifyFinal } from './finals.js';
import { InFlight } from './in-flight.js';

const ENCODER = new TextEncoder();

/** What the tokenizer looks for while `command` runs: its prompt, its mid-line payload head. */
function expectationOf(command: AtCommand): Expectation | undefined {
  const prompts = command.outgoing?.on === 'prompt' ? command.outgoing.prompts ?? ['> '] : undefined;
  const head = command.incoming?.dataAfterHead?.match;
  if (!prompts && !head) return undefined;
  return { ...(prompts ? { prompts } : {}), ...(head ? { heads: [head] } : {}) };
}

/** A command waiting for its turn, with the caller's promise callbacks. */
export interface Job {
  readonly command: AtCommand;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (response: AtResponse) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Queue and writes: one command in flight, FIFO behind it; writes each
 * command after its guard time, ends it (answer, failure, abandonment with
 * its follow-ups) and holds the queue while a late answer may still come.
 */
export class CommandQueue {
  constructor(
    private readonly s: EngineState,
    private readonly e: EngineParts,
  ) {}

  pump(): void {
    if (this.s.current || this.s.stale || this.s.closed) return;
    const job = this.s.queue.shift();
    if (!job) return;
    if (job.signal?.aborted) {
      job.reject(new AtAbortedError(this.s.secrets.redact(job.command.text)));
      return this.pump();
    }
    this.start(job);
  }

  start(job: Job): void {
    const { command } = job;
    this.s.secrets.add(...(command.secrets ?? []));
    const flight = new InFlight(command, this.s.secrets.redact(command.text), job.resolve, job.reject);
    this.s.current = flight;
    this.s.expectation = expectationOf(command);
    if (job.signal) {
      const signal = job.signal;
      const onAbort = (): void => this.e.data.onAbort(flight);
      signal.addEventListener('abort', onAbort, { once: true });
      flight.detachSignal = () => signal.removeEventListener('abort', onAbort);
    }
    const wait = Math.max(0, (command.guardMs ?? 0) - (this.s.scheduler.now() - this.s.lastTxAt));
    if (wait > 0) this.s.scheduler.schedule(() => void this.writeCommand(flight), wait);
    else void this.writeCommand(flight);
  }

  async writeCommand(flight: InFlight): Promise<void> {
    if (flight.done) return;
    flight.written = true;
    flight.writtenAt = this.s.rxBytes;
    this.e.timers.armTimer(flight, flight.command.timeoutMs ?? this.s.defaultTimeoutMs, 'final result');
    const bytes = ENCODER.encode(flight.command.raw ? flight.command.text : `${flight.command.text}\r`);
    this.s.emitTrace('tx', 'command', flight.label, bytes.length);
    try {
      await this.s.write(bytes);
    } catch (error) {
      this.fail(flight, new TransportClosedError(flight.label), error);
    }
  }

  succeed(flight: InFlight): void {
    if (flight.abortRequested) return this.fail(flight, new AtAbortedError(flight.label, this.abandonedCount(flight)));
    this.release(flight);
    flight.settle();
    this.pump();
  }

  abandonedCount(flight: InFlight): number | undefined {
    const { incoming, outgoing } = flight.command;
    if (incoming) return flight.payloadBytes;
    return outgoing ? flight.outgoingBytes : undefined;
  }

  fail(flight: InFlight, failure: Error, cause?: unknown): void {
    if (flight.done) return;
    let error = failure;
    if (cause !== undefined && error.cause === undefined) Object.defineProperty(error, 'cause', { value: cause });
    if (flight.abortRequested && !(error instanceof AtAbortedError)) error = new AtAbortedError(flight.label, this.abandonedCount(flight), error);
    this.release(flight);
    const followUps = this.followUps(flight);
    if (followUps.length === 0) flight.settle(error);
    else {
      // The caller hears of the abort once the module is back in command mode and idle.
      flight.close();
      this.s.queue.unshift(...followUps.map((command, i) => this.internalJob(command, i === followUps.length - 1 ? () => flight.settle(error) : undefined)));
    }
    const answered = flight.final !== undefined || flight.answerSeen;
    // Only an abandoned command (abort) leaves an owed result: after a timeout nothing more is expected.
    if (error instanceof AtAbortedError && flight.final !== undefined && classifyFinal(flight.final, flight.command.successFinals, flight.command.errorFinals) === 'success') {
      this.s.orphans.add(flight, this.s.scheduler.now());
    }
    if (flight.written && !answered && !this.s.closed) {
      // The module may still answer this command; hold the queue briefly so its late result is not taken for the next one's.
      const timer = this.s.scheduler.schedule(() => {
        this.s.stale = undefined;
        this.pump();
      }, this.s.settleMs);
      this.s.stale = { command: flight, timer };
      return;
    }
    this.pump();
  }

  /** What runs after an abandoned command: a plain AT if its escape may sit in the line buffer, then `abort.then`. */
  followUps(flight: InFlight): AtCommand[] {
    if (!flight.abortRequested) return [];
    const out: AtCommand[] = [];
    if (flight.escapeWritten && (flight.phaseEnd === 'length' || flight.phaseEnd === 'etx')) out.push({ text: 'AT', timeoutMs: 2000 });
    const then = flight.command.abort?.then;
    if (then) out.push(then);
    return out;
  }

  internalJob(command: AtCommand, after: (() => void) | undefined): Job {
    const done = (): void => after?.();
    return { command, signal: undefined, resolve: done, reject: done };
  }

  release(flight: InFlight): void {
    if (this.s.current === flight) {
      this.s.current = undefined;
      this.s.expectation = undefined;
    }
  }

  onClosed(): void {
    if (this.s.closed) return;
    this.s.closed = true;
    this.s.subscription?.unsubscribe();
    this.s.stale?.timer.unsubscribe();
    this.s.stale = undefined;
    this.s.orphans.clear();
    if (this.s.current) this.s.current.settle(new TransportClosedError(this.s.current.label));
    this.s.current = undefined;
    for (const job of this.s.queue.splice(0)) job.reject(new TransportClosedError(this.s.secrets.redact(job.command.text)));
    this.s.urc.complete();
    this.s.trace.complete();
  }
}
