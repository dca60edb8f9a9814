import { Observable, Subject, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { DataEndReason, DataMode, Expectation, FrameEvent } from '../framing/events.js';
import { Tokenizer } from '../framing/tokenizer.js';
import {
  AtAbortedError,
  AtCommandError,
  AtTimeoutError,
  ResponseOverflowError,
  TransportClosedError,
} from '../errors/engine-errors.js';
import { SecretRedactor } from '../trace/redact.js';
import { previewBytes, type TraceEvent } from '../trace/trace-event.js';
import type { ByteTransport } from '../transport/types.js';
import type { AtCommand, AtResponse, OutgoingData, RunOptions } from './command.js';
import { classifyFinal } from './finals.js';
import { InFlight } from './in-flight.js';
import { OrphanResults } from './orphan-results.js';
import { matchAny, matchLine } from './matchers.js';
import { TrailerHold } from './trailer-hold.js';
import { UrcQueue, waitForUrc, type UrcWaitOptions } from '../urc/urc-waiter.js';
import type { LineMatcher } from './matchers.js';

/** Options for {@link AtEngine}. */
export interface AtEngineOptions {
  /** Scheduler for every timeout and guard time; pass a virtual-time scheduler in tests. */
  scheduler?: SchedulerLike;
  /** Timeout for commands that do not set one; default 10 000 ms. */
  defaultTimeoutMs?: number;
  /**
   * After a written command times out or is aborted, how long the engine waits
   * for its late final result before writing the next command, so that a stale
   * `OK` is never taken as the next command's answer. Default 300 ms.
   */
  settleMs?: number;
  /** Longest response line kept; default 64 KiB. */
  maxLineLength?: number;
  /** Most information lines one command may collect before it fails; default 10 000. */
  maxLinesPerCommand?: number;
}

const ENCODER = new TextEncoder();

interface Job {
  readonly command: AtCommand;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (response: AtResponse) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Runs AT commands over a byte transport: one command in flight, a FIFO queue
 * behind it, every unclaimed line delivered in order on `urc$`.
 *
 * @example
 * const engine = new AtEngine(transport);
 * engine.urc$.subscribe((line) => console.log('URC', line));
 * const { lines } = await engine.run({ text: 'AT+CGMM', claims: [(l) => !l.startsWith('+')] });
 */
export class AtEngine {
  /** Secrets registered here are `***` in every trace and error. */
  readonly secrets = new SecretRedactor();
  readonly #transport: ByteTransport;
  readonly #scheduler: SchedulerLike;
  readonly #defaultTimeoutMs: number;
  readonly #settleMs: number;
  readonly #maxLines: number;
  readonly #tokenizer: Tokenizer;
  #expectation: Expectation | undefined;
  readonly #urc = new Subject<string>();
  readonly #trace = new Subject<TraceEvent>();
  readonly #queue: Job[] = [];
  readonly #pendingChunks: Uint8Array[] = [];
  readonly #subscription: Subscription;
  #current: InFlight | undefined;
  #dataOwner: InFlight | undefined;
  #stale: { command: InFlight; timer: Subscription } | undefined;
  readonly #orphans = new OrphanResults();
  #routing = false;
  #closed = false;
  #lastTxAt = Number.NEGATIVE_INFINITY;
  /** Bytes received so far (fed or waiting): the stream offset a command written now starts claiming at. */
  #rxBytes = 0;

  constructor(transport: ByteTransport, options: AtEngineOptions = {}) {
    this.#transport = transport;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
    this.#settleMs = options.settleMs ?? 300;
    this.#maxLines = options.maxLinesPerCommand ?? 10_000;
    this.#tokenizer = new Tokenizer({ maxLineLength: options.maxLineLength });
    this.#subscription = transport.data$.subscribe({
      next: (chunk) => this.#receive(chunk),
      error: () => this.#onClosed(),
      complete: () => this.#onClosed(),
    });
  }

  /** Every line no command claimed, in arrival order, also while a command runs. */
  get urc$(): Observable<string> {
    return this.#urc.asObservable();
  }

  /** Every line and byte in and out, secrets redacted. */
  get trace$(): Observable<TraceEvent> {
    return this.#trace.asObservable();
  }

  /** The scheduler all timeouts use. */
  get scheduler(): SchedulerLike {
    return this.#scheduler;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues `command` and resolves with its response, or rejects with a typed error. */
  run(command: AtCommand, options: RunOptions = {}): Promise<AtResponse> {
    return new Promise<AtResponse>((resolve, reject) => {
      if (this.#closed) return reject(new TransportClosedError(this.secrets.redact(command.text)));
      if (options.signal?.aborted) return reject(new AtAbortedError(this.secrets.redact(command.text)));
      const signal = options.signal;
      // Removed however the command ends: one long-lived signal may serve thousands of commands.
      const detach = (): void => signal?.removeEventListener('abort', onAbort);
      const job: Job = {
        command,
        signal,
        resolve: (response) => {
          detach();
          resolve(response);
        },
        reject: (error) => {
          detach();
          reject(error);
        },
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(job);
        if (index >= 0) {
          this.#queue.splice(index, 1);
          job.reject(new AtAbortedError(this.secrets.redact(command.text)));
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Cold Observable form of {@link AtEngine.run}; unsubscribing aborts the command. */
  run$(command: AtCommand): Observable<AtResponse> {
    return new Observable<AtResponse>((subscriber) => {
      const controller = new AbortController();
      this.run(command, { signal: controller.signal }).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => controller.abort();
    });
  }

  /** Resolves with the next URC matching `match` (subscribe before causing it). */
  waitForUrc(match: LineMatcher, options: UrcWaitOptions): Promise<string> {
    return waitForUrc(this.#urc, match, { scheduler: this.#scheduler, ...options });
  }

  /** Buffers matching URCs from now on, for flows driven by repeated URCs. */
  urcQueue(match: LineMatcher): UrcQueue {
    return new UrcQueue(this.#urc, match, this.#scheduler);
  }

  /**
   * Ends an open data phase early because the host found its end (the
   * module's final and result) inside the payload; following bytes are text again.
   *
   * @deprecated Declare `incoming.trailer` on the command instead; the engine
   * then recognises the trailer itself. Kept only until the drivers move.
   */
  endData(): void {
    const owner = this.#dataOwner ?? this.#current;
    if (owner) owner.answerSeen = true;
    const events = this.#tokenizer.endData();
    if (events.length > 0) this.#dataOwner = undefined;
  }

  /** Closes the transport; queued and running commands fail with `TransportClosedError`. */
  async close(): Promise<void> {
    await this.#transport.close();
    this.#onClosed();
  }

  #pump(): void {
    if (this.#current || this.#stale || this.#closed) return;
    const job = this.#queue.shift();
    if (!job) return;
    if (job.signal?.aborted) {
      job.reject(new AtAbortedError(this.secrets.redact(job.command.text)));
      return this.#pump();
    }
    this.#start(job);
  }

  #start(job: Job): void {
    const { command } = job;
    this.secrets.add(...(command.secrets ?? []));
    const flight = new InFlight(command, this.secrets.redact(command.text), job.resolve, job.reject);
    this.#current = flight;
    this.#expectation = command.outgoing?.on === 'prompt' ? { prompts: command.outgoing.prompts ?? ['> '] } : undefined;
    if (job.signal) {
      const signal = job.signal;
      const onAbort = (): void => this.#onAbort(flight);
      signal.addEventListener('abort', onAbort, { once: true });
      flight.detachSignal = () => signal.removeEventListener('abort', onAbort);
    }
    const wait = Math.max(0, (command.guardMs ?? 0) - (this.#scheduler.now() - this.#lastTxAt));
    if (wait > 0) this.#scheduler.schedule(() => void this.#writeCommand(flight), wait);
    else void this.#writeCommand(flight);
  }

  async #writeCommand(flight: InFlight): Promise<void> {
    if (flight.done) return;
    flight.written = true;
    flight.writtenAt = this.#rxBytes;
    this.#armTimer(flight, flight.command.timeoutMs ?? this.#defaultTimeoutMs, 'final result');
    const bytes = ENCODER.encode(flight.command.raw ? flight.command.text : `${flight.command.text}\r`);
    this.#emitTrace('tx', 'command', flight.label, bytes.length);
    try {
      await this.#write(bytes);
    } catch (error) {
      this.#fail(flight, new TransportClosedError(flight.label), error);
    }
  }

  /** The data mode `line` announces for `flight`, if any; a too large announced length fails the command. */
  #dataAfter(flight: InFlight, line: string): DataMode | undefined {
    const incoming = flight.command.incoming;
    // Also after OK while a result URC is pending: SIMCom announces the FTPETGET stream in a line after OK.
    if (!incoming || flight.complete) return undefined;
    const mode = incoming.dataAfter(line);
    if (!mode) return undefined;
    if (mode.kind === 'exact' && mode.length > (incoming.maxLength ?? 16 * 1024 * 1024)) {
      this.#fail(flight, new ResponseOverflowError(flight.label, `announced payload of ${mode.length} bytes is too large`));
      return undefined;
    }
    return mode;
  }

  #receive(chunk: Uint8Array): void {
    this.#rxBytes += chunk.length;
    this.#pendingChunks.push(chunk);
    if (!this.#routing) void this.#drain();
  }

  /** Feeds chunks to the tokenizer one at a time, so framing state always matches routing progress. */
  async #drain(): Promise<void> {
    this.#routing = true;
    try {
      for (;;) {
        let paused = false;
        while (this.#pendingChunks.length > 0) {
          const chunk = this.#pendingChunks.shift() as Uint8Array;
          // One event per step, routed before the next byte is framed: a data mode begins exactly after its line.
          for (let offset = 0; ; ) {
            const { event, consumed } = this.#tokenizer.next(offset === 0 ? chunk : chunk.subarray(offset), this.#expectation);
            offset += consumed;
            if (!event) {
              if (offset >= chunk.length) break;
              continue;
            }
            const pending = this.#route(event);
            if (!pending) continue;
            if (!paused) this.#transport.pause();
            paused = true;
            await pending.catch((error: unknown) => this.#failOwner(error));
          }
        }
        if (!paused) return;
        // Resuming may hand over chunks the transport held while paused; route them too.
        this.#transport.resume();
        if (this.#pendingChunks.length === 0) return;
      }
    } finally {
      this.#routing = false;
    }
  }

  #route(event: FrameEvent): Promise<void> | void {
    switch (event.type) {
      case 'line':
        return this.#routeLine(event.text, this.#tokenizer.lastStart);
      case 'prompt':
        return this.#routePrompt(event.text, this.#tokenizer.lastStart);
      case 'data':
        return this.#routeData(event.bytes);
      case 'data-end':
        return this.#endPhase(event.reason);
      case 'overflow':
        this.#emitTrace('rx', 'overflow', `line of ${event.discarded} bytes discarded`, event.discarded);
        if (this.#current) this.#fail(this.#current, new ResponseOverflowError(this.#current.label, 'response line too long'));
        return;
    }
  }

  /** `start` is the line's stream offset: only lines that began after the command was written may be its answer. */
  #routeLine(line: string, start: number): void {
    const current = this.#current;
    const shown = this.secrets.redact(line);
    const orphanOf = this.#orphans.pending ? this.#orphans.take(line, this.#scheduler.now()) : undefined;
    if (orphanOf !== undefined) return this.#emitTrace('rx', 'line', `${shown} (late result of ${orphanOf})`, line.length);
    const flight = current && current.written && !current.done && start >= current.writtenAt ? current : undefined;
    if (flight) {
      const mode = this.#dataAfter(flight, line);
      if (mode) {
        if (flight.done) return;
        this.#dataOwner = flight;
        this.#claim(flight, line, shown, this.#isTrigger(flight, line));
        const events = this.#tokenizer.beginData(mode);
        // An announced length of 0 ends the phase at once.
        if (events.length > 0) this.#dataOwner = undefined;
        else {
          const trailer = flight.command.incoming?.trailer;
          if (trailer && mode.kind === 'exact') flight.hold = new TrailerHold(trailer);
          if (flight.abortRequested) this.#abandonIncoming(flight);
        }
        return;
      }
    }
    if (flight?.command.resultUrc && flight.resultUrc === undefined && matchLine(flight.command.resultUrc.match, line)) {
      this.#emitTrace('rx', 'line', shown, line.length);
      flight.resultUrc = line;
      if (flight.complete) this.#succeed(flight);
      return;
    }
    if (flight && flight.final === undefined) {
      if (!flight.command.raw && line === flight.command.text) {
        return this.#emitTrace('rx', 'echo', shown, line.length);
      }
      // Final results outrank claims: a claim such as "any line not starting with +" must not swallow OK.
      const kind = classifyFinal(line, flight.command.successFinals, flight.command.errorFinals);
      if (kind) {
        this.#emitTrace('rx', 'line', shown, line.length);
        flight.final = line;
        if (kind === 'error') return this.#fail(flight, new AtCommandError(flight.label, this.secrets.redact(line)));
        // SIM7080 notes print OK before +FTPETPUT:2,1, the manual after the data: an OK before the trigger is not the end.
        // With a result URC declared, that URC ends the command (FTPETGET: OK, 1,1, stream, 1,0; no second OK).
        if (!flight.command.resultUrc && this.#triggerOutstanding(flight)) flight.earlyFinal = true;
        if (flight.complete) return this.#succeed(flight);
        const resultUrc = flight.command.resultUrc;
        if (resultUrc) this.#armTimer(flight, resultUrc.timeoutMs, `result URC ${String(resultUrc.match)}`);
        return;
      }
      const trigger = this.#isTrigger(flight, line);
      if (trigger || matchAny(flight.command.claims, line)) return this.#claim(flight, line, shown, trigger);
    } else if (flight && this.#isTrigger(flight, line)) {
      // An outgoing data phase may also start after OK, while the result URC is pending.
      return this.#claim(flight, line, shown, true);
    }
    if (!current && this.#stale && this.#isStaleFinal(line)) return;
    // A failure URC after OK (a watcher on urc$ acts on it): the command is owed nothing more.
    if (flight?.final !== undefined && matchAny(flight.command.errorFinals, line)) flight.answerSeen = true;
    this.#emitTrace('rx', 'urc', shown, line.length);
    this.#urc.next(line);
  }

  #claim(flight: InFlight, line: string, shown: string, trigger: boolean): void {
    this.#emitTrace('rx', 'line', shown, line.length);
    if (flight.lines.length >= this.#maxLines) {
      return this.#fail(flight, new ResponseOverflowError(flight.label, `more than ${this.#maxLines} response lines`));
    }
    flight.lines.push(line);
    if (!trigger) return;
    flight.triggered = true;
    // After an early OK the module answers the data phase with another final: wait for that one.
    if (flight.earlyFinal) {
      flight.earlyFinal = false;
      flight.final = undefined;
    }
    void this.#sendOutgoing(flight, line);
  }

  #triggerOutstanding(flight: InFlight): boolean {
    const on = flight.command.outgoing?.on;
    return on !== undefined && on !== 'prompt' && !flight.triggered;
  }

  #isTrigger(flight: InFlight, line: string): boolean {
    const on = flight.command.outgoing?.on;
    return on !== undefined && on !== 'prompt' && matchLine(on, line);
  }

  #isStaleFinal(line: string): boolean {
    const stale = this.#stale;
    if (!stale) return false;
    const cmd = stale.command.command;
    if (line === cmd.text) return true;
    if (cmd.resultUrc && matchLine(cmd.resultUrc.match, line)) {
      // The abandoned command's result overtook its final: nothing more is owed once the final comes.
      stale.command.resultUrc = line;
      this.#emitTrace('rx', 'line', `${this.secrets.redact(line)} (late result of ${stale.command.label})`, line.length);
      return true;
    }
    // Only V.250 finals: a command's custom finals (e.g. a '+FTPGET: 1,' error line) may be
    // another operation's result URC, which must reach urc$.
    if (!classifyFinal(line, undefined, undefined)) return false;
    this.#emitTrace('rx', 'line', `${this.secrets.redact(line)} (late answer to ${stale.command.label})`, line.length);
    stale.timer.unsubscribe();
    this.#stale = undefined;
    if (classifyFinal(line, cmd.successFinals, cmd.errorFinals) === 'success') this.#orphans.add(stale.command, this.#scheduler.now());
    this.#pump();
    return true;
  }

  #routePrompt(text: string, start: number): void {
    this.#emitTrace('rx', 'prompt', text, text.length);
    const flight = this.#current;
    if (flight && flight.written && start >= flight.writtenAt && flight.command.outgoing?.on === 'prompt') void this.#sendOutgoing(flight, text);
  }

  #routeData(bytes: Uint8Array): Promise<void> | void {
    const owner = this.#dataOwner;
    // The preview is built only when someone traces: this runs for every payload chunk.
    if (this.#trace.observed) this.#emitTrace('rx', 'data', previewBytes(bytes), bytes.length);
    if (!owner || owner.done) return;
    owner.activityAt = this.#scheduler.now();
    const hold = owner.hold;
    if (!hold) return this.#deliver(owner, bytes);
    owner.quietTimer?.unsubscribe();
    const parts = hold.push(bytes);
    if (hold.match) owner.quietTimer = this.#scheduler.schedule(() => this.#trailerQuiet(owner), hold.facts.quietMs);
    return this.#deliverAll(owner, parts);
  }

  #deliver(owner: InFlight, bytes: Uint8Array): Promise<void> | void {
    if (bytes.length === 0) return;
    owner.payloadBytes += bytes.length;
    const sink = owner.command.incoming?.sink;
    if (!sink) {
      owner.chunks.push(bytes.slice());
      return;
    }
    const result = sink(bytes);
    return result instanceof Promise ? result : undefined;
  }

  #deliverAll(owner: InFlight, parts: readonly Uint8Array[]): Promise<void> | void {
    let pending: Promise<void> | undefined;
    for (const part of parts) {
      const result = pending ? pending.then(() => this.#deliver(owner, part)) : this.#deliver(owner, part);
      pending = result instanceof Promise ? result : undefined;
    }
    return pending;
  }

  /** The tokenizer ended the data phase (length reached, ETX): held bytes are payload. */
  #endPhase(reason: DataEndReason): Promise<void> | void {
    const owner = this.#dataOwner;
    this.#dataOwner = undefined;
    if (!owner) return;
    owner.phaseEnd = reason;
    owner.quietTimer?.unsubscribe();
    const hold = owner.hold;
    owner.hold = undefined;
    if (hold && !owner.done) return this.#deliver(owner, hold.flush());
  }

  /**
   * A held tail matched the trailer and the line stayed quiet: the module left
   * the data phase. Bytes still being routed mean it is not quiet yet.
   */
  #trailerQuiet(owner: InFlight): void {
    const hold = owner.hold;
    const match = hold?.match;
    if (!hold || !match || owner.done || this.#dataOwner !== owner) return;
    if (this.#routing || this.#pendingChunks.length > 0) {
      owner.quietTimer = this.#scheduler.schedule(() => this.#trailerQuiet(owner), hold.facts.quietMs);
      return;
    }
    this.#tokenizer.endData();
    this.#dataOwner = undefined;
    owner.hold = undefined;
    owner.phaseEnd = 'caller';
    // The trailer holds the module's final and result: nothing more is owed.
    owner.answerSeen = true;
    const line = match[1] ?? match[0].trim();
    this.#emitTrace('rx', 'line', `${this.secrets.redact(line)} (trailer in the payload)`, match[0].length);
    const fail = (): void => {
      const error = hold.facts.error?.(line) ?? new AtCommandError(owner.label, this.secrets.redact(line));
      this.#fail(owner, withPayloadBytes(error, owner.payloadBytes));
    };
    const delivered = this.#deliver(owner, hold.salvage());
    if (delivered) delivered.then(fail, (error: unknown) => this.#fail(owner, error instanceof Error ? error : new Error(String(error))));
    else fail();
  }

  /** The run's signal fired: with abort facts a written command is abandoned on the wire, not just dropped. */
  #onAbort(flight: InFlight): void {
    if (flight.done) return;
    // A failure URC after OK already answered the command: nothing is left on the wire to abandon.
    if (!flight.command.abort || !flight.written || flight.answerSeen) return this.#fail(flight, new AtAbortedError(flight.label));
    if (flight.abortRequested) return;
    flight.abortRequested = true;
    this.#emitTrace('tx', 'command', `abort requested for ${flight.label}`, 0);
    if (this.#dataOwner === flight) this.#abandonIncoming(flight);
    // An outgoing phase sees the flag between chunks; one not begun yet begins with endOutgoing.
  }

  #abandonIncoming(flight: InFlight): void {
    const escape = flight.command.abort?.escape;
    if (escape) this.#escapeAfterGuard(flight, escape, () => this.#dataOwner === flight);
  }

  /** Writes the escape once the host has been silent for its guard time, if the phase still runs then. */
  #escapeAfterGuard(flight: InFlight, escape: { bytes: string; guardMs: number }, running: () => boolean): void {
    const attempt = (): void => {
      if (flight.done || flight.escapeWritten || !running()) return;
      const wait = escape.guardMs - (this.#scheduler.now() - this.#lastTxAt);
      if (wait > 0) {
        flight.escapeTimer = this.#scheduler.schedule(attempt, wait);
        return;
      }
      flight.escapeWritten = true;
      const bytes = ENCODER.encode(escape.bytes);
      this.#emitTrace('tx', 'command', `${escape.bytes.trim()} (abandoning ${flight.label})`, bytes.length);
      this.#write(bytes).catch((error: unknown) => this.#fail(flight, new TransportClosedError(flight.label), error));
    };
    attempt();
  }

  #failOwner(error: unknown): void {
    const owner = this.#dataOwner ?? this.#current;
    if (owner) this.#fail(owner, error instanceof Error ? error : new Error(String(error)));
  }

  async #sendOutgoing(flight: InFlight, trigger: string): Promise<void> {
    const outgoing = flight.command.outgoing;
    if (!outgoing) return;
    flight.sending = true;
    try {
      if (!flight.abortRequested) {
        for await (const chunk of toIterable(outgoing.data(trigger))) {
          if (flight.done) return;
          if (flight.abortRequested) break;
          if (this.#trace.observed) this.#emitTrace('tx', 'data', previewBytes(chunk), chunk.length);
          await this.#write(chunk);
          flight.outgoingBytes += chunk.length;
          flight.activityAt = this.#scheduler.now();
        }
      }
      if (flight.abortRequested && !flight.done) await this.#abandonOutgoing(flight);
    } catch (error) {
      this.#fail(flight, error instanceof Error ? error : new Error(String(error)));
    } finally {
      flight.sending = false;
    }
  }

  async #abandonOutgoing(flight: InFlight): Promise<void> {
    const { endOutgoing, escape } = flight.command.abort ?? {};
    if (endOutgoing) {
      this.#emitTrace('tx', 'data', `${previewBytes(endOutgoing)} (ending the data of ${flight.label})`, endOutgoing.length);
      await this.#write(endOutgoing);
    }
    if (escape) this.#escapeAfterGuard(flight, escape, () => flight.final === undefined);
  }

  async #write(bytes: Uint8Array): Promise<void> {
    this.#lastTxAt = this.#scheduler.now();
    await this.#transport.write(bytes);
    this.#lastTxAt = this.#scheduler.now();
  }

  /**
   * Starts a timeout window. Payload bytes only stamp `activityAt` (this runs
   * for every chunk, so it must stay cheap); when the window ends, the check
   * fails the command only if nothing moved for a whole window, otherwise it
   * waits out the remainder.
   */
  #armTimer(flight: InFlight, ms: number, waitingFor: string): void {
    flight.timer?.unsubscribe();
    flight.windowMs = ms;
    flight.waitingFor = waitingFor;
    flight.activityAt = this.#scheduler.now();
    flight.timer = this.#scheduler.schedule(() => this.#checkTimeout(flight), ms);
  }

  #checkTimeout(flight: InFlight): void {
    if (flight.done) return;
    const idle = this.#scheduler.now() - flight.activityAt;
    if (idle >= flight.windowMs) {
      return this.#fail(flight, new AtTimeoutError(flight.label, flight.windowMs, flight.waitingFor));
    }
    flight.timer = this.#scheduler.schedule(() => this.#checkTimeout(flight), flight.windowMs - idle);
  }

  #succeed(flight: InFlight): void {
    if (flight.abortRequested) return this.#fail(flight, new AtAbortedError(flight.label, this.#abandonedCount(flight)));
    this.#release(flight);
    flight.settle();
    this.#pump();
  }

  #abandonedCount(flight: InFlight): number | undefined {
    const { incoming, outgoing } = flight.command;
    if (incoming) return flight.payloadBytes;
    return outgoing ? flight.outgoingBytes : undefined;
  }

  #fail(flight: InFlight, failure: Error, cause?: unknown): void {
    if (flight.done) return;
    let error = failure;
    if (cause !== undefined && error.cause === undefined) Object.defineProperty(error, 'cause', { value: cause });
    if (flight.abortRequested && !(error instanceof AtAbortedError)) error = new AtAbortedError(flight.label, this.#abandonedCount(flight), error);
    this.#release(flight);
    const followUps = this.#followUps(flight);
    if (followUps.length === 0) flight.settle(error);
    else {
      // The caller hears of the abort once the module is back in command mode and idle.
      flight.close();
      this.#queue.unshift(...followUps.map((command, i) => this.#internalJob(command, i === followUps.length - 1 ? () => flight.settle(error) : undefined)));
    }
    const answered = flight.final !== undefined || flight.answerSeen;
    // Only an abandoned command (abort) leaves an owed result: after a timeout nothing more is expected.
    if (error instanceof AtAbortedError && flight.final !== undefined && classifyFinal(flight.final, flight.command.successFinals, flight.command.errorFinals) === 'success') {
      this.#orphans.add(flight, this.#scheduler.now());
    }
    if (flight.written && !answered && !this.#closed) {
      // The module may still answer this command; hold the queue briefly so its late result is not taken for the next one's.
      const timer = this.#scheduler.schedule(() => {
        this.#stale = undefined;
        this.#pump();
      }, this.#settleMs);
      this.#stale = { command: flight, timer };
      return;
    }
    this.#pump();
  }

  /** What runs after an abandoned command: a plain AT if its escape may sit in the line buffer, then `abort.then`. */
  #followUps(flight: InFlight): AtCommand[] {
    if (!flight.abortRequested) return [];
    const out: AtCommand[] = [];
    if (flight.escapeWritten && (flight.phaseEnd === 'length' || flight.phaseEnd === 'etx')) out.push({ text: 'AT', timeoutMs: 2000 });
    const then = flight.command.abort?.then;
    if (then) out.push(then);
    return out;
  }

  #internalJob(command: AtCommand, after: (() => void) | undefined): Job {
    const done = (): void => after?.();
    return { command, signal: undefined, resolve: done, reject: done };
  }

  #release(flight: InFlight): void {
    if (this.#current === flight) {
      this.#current = undefined;
      this.#expectation = undefined;
    }
  }

  #onClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscription?.unsubscribe();
    this.#stale?.timer.unsubscribe();
    this.#stale = undefined;
    this.#orphans.clear();
    if (this.#current) this.#current.settle(new TransportClosedError(this.#current.label));
    this.#current = undefined;
    for (const job of this.#queue.splice(0)) job.reject(new TransportClosedError(this.secrets.redact(job.command.text)));
    this.#urc.complete();
    this.#trace.complete();
  }

  #emitTrace(dir: TraceEvent['dir'], kind: TraceEvent['kind'], text: string, bytes: number): void {
    if (this.#trace.observed) this.#trace.next({ dir, kind, text, bytes, at: this.#scheduler.now() });
  }
}

/** Gives a trailer's error the delivered byte count, so `startAt` can resume right after it. */
function withPayloadBytes(error: Error, payloadBytes: number): Error {
  if (!('payloadBytes' in error)) Object.defineProperty(error, 'payloadBytes', { value: payloadBytes, enumerable: true });
  return error;
}

async function* toIterable(data: OutgoingData): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  for await (const chunk of data as AsyncIterable<Uint8Array>) yield chunk;
}
