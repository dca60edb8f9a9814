import type { DataMode, FrameEvent } from '../framing/events.js';
import { AtCommandError, ResponseOverflowError } from '../errors/engine-errors.js';
import type { EngineParts, EngineState } from './engine-state.js';
import { classifyFinal } from './finals.js';
import type { InFlight } from './in-flight.js';
import { matchAny, matchLine } from './matchers.js';

/**
 * Line routing: frames received chunks one event at a time and routes each
 * before the next byte is framed. A line is the current command's data
 * announcement, result URC, echo, final, claimed line or trigger — only if it
 * began after that command was written — or else a URC on `urc$`.
 */
export class LineRouter {
  constructor(
    private readonly s: EngineState,
    private readonly e: EngineParts,
  ) {}

  receive(chunk: Uint8Array): void {
    this.s.rxBytes += chunk.length;
    this.s.pendingChunks.push(chunk);
    if (!this.s.routing) void this.drain();
  }

  /** Feeds chunks to the tokenizer one at a time, so framing state always matches routing progress. */
  async drain(): Promise<void> {
    this.s.routing = true;
    try {
      for (;;) {
        let paused = false;
        while (this.s.pendingChunks.length > 0) {
          const chunk = this.s.pendingChunks.shift() as Uint8Array;
          // One event per step, routed before the next byte is framed: a data mode begins exactly after its line.
          for (let offset = 0; ; ) {
            const { event, consumed } = this.s.tokenizer.next(chunk, this.s.expectation, offset);
            offset += consumed;
            if (!event) {
              if (offset >= chunk.length) break;
              continue;
            }
            const pending = this.route(event);
            if (!pending) continue;
            if (!paused) this.s.transport.pause();
            paused = true;
            await pending.catch((error: unknown) => this.failOwner(error));
          }
        }
        if (!paused) return;
        // Resuming may hand over chunks the transport held while paused; route them too.
        this.s.transport.resume();
        if (this.s.pendingChunks.length === 0) return;
      }
    } finally {
      this.s.routing = false;
    }
  }

  route(event: FrameEvent): Promise<void> | void {
    switch (event.type) {
      case 'line':
        return this.routeLine(event.text, this.s.tokenizer.lastStart);
      case 'prompt':
        return this.routePrompt(event.text, this.s.tokenizer.lastStart);
      case 'head':
        return this.routeHead(event.text, this.s.tokenizer.lastStart);
      case 'data':
        return this.e.data.routeData(event.bytes);
      case 'data-end':
        return this.e.data.endPhase(event.reason);
      case 'overflow':
        this.s.emitTrace('rx', 'overflow', `line of ${event.discarded} bytes discarded`, event.discarded);
        if (this.s.current) this.e.queue.fail(this.s.current, new ResponseOverflowError(this.s.current.label, 'response line too long'));
        return;
    }
  }

  /** `start` is the line's stream offset: only lines that began after the command was written may be its answer. */
  routeLine(line: string, start: number): void {
    const current = this.s.current;
    const shown = this.s.secrets.redact(line);
    const orphanOf = this.s.orphans.pending ? this.s.orphans.take(line, this.s.scheduler.now()) : undefined;
    if (orphanOf !== undefined) return this.s.emitTrace('rx', 'line', `${shown} (late result of ${orphanOf})`, line.length);
    const flight = current && current.written && !current.done && start >= current.writtenAt ? current : undefined;
    if (flight) {
      const mode = this.dataAfter(flight, line);
      if (mode) {
        if (flight.done) return;
        this.claim(flight, line, shown, this.isTrigger(flight, line));
        return this.e.data.beginIncoming(flight, mode);
      }
    }
    if (flight?.command.resultUrc && flight.resultUrc === undefined && matchLine(flight.command.resultUrc.match, line)) {
      this.s.emitTrace('rx', 'line', shown, line.length);
      flight.resultUrc = line;
      if (flight.complete) this.e.queue.succeed(flight);
      return;
    }
    if (flight && flight.final === undefined) {
      if (!flight.command.raw && line === flight.command.text) {
        return this.s.emitTrace('rx', 'echo', shown, line.length);
      }
      // Final results outrank claims: a claim such as "any line not starting with +" must not swallow OK.
      const kind = classifyFinal(line, flight.command.successFinals, flight.command.errorFinals);
      if (kind) {
        this.s.emitTrace('rx', 'line', shown, line.length);
        flight.final = line;
        if (kind === 'error') return this.e.queue.fail(flight, new AtCommandError(flight.label, this.s.secrets.redact(line)));
        // SIM7080 notes print OK before +FTPETPUT:2,1, the manual after the data: an OK before the trigger is not the end.
        // With a result URC declared, that URC ends the command (FTPETGET: OK, 1,1, stream, 1,0; no second OK).
        if (!flight.command.resultUrc && this.triggerOutstanding(flight)) flight.earlyFinal = true;
        if (flight.complete) return this.e.queue.succeed(flight);
        const resultUrc = flight.command.resultUrc;
        if (resultUrc) this.e.timers.armTimer(flight, resultUrc.timeoutMs, `result URC ${String(resultUrc.match)}`);
        return;
      }
      const trigger = this.isTrigger(flight, line);
      if (trigger || matchAny(flight.command.claims, line)) return this.claim(flight, line, shown, trigger);
    } else if (flight && this.isTrigger(flight, line)) {
      // An outgoing data phase may also start after OK, while the result URC is pending.
      return this.claim(flight, line, shown, true);
    }
    if (!current && this.s.stale && this.isStaleFinal(line)) return;
    // A failure URC after OK (a watcher on urc$ acts on it): the command is owed nothing more.
    if (flight?.final !== undefined && matchAny(flight.command.errorFinals, line)) flight.answerSeen = true;
    this.s.emitTrace('rx', 'urc', shown, line.length);
    this.s.urc.next(line);
  }

  claim(flight: InFlight, line: string, shown: string, trigger: boolean): void {
    this.s.emitTrace('rx', 'line', shown, line.length);
    if (flight.lines.length >= this.s.maxLines) {
      return this.e.queue.fail(flight, new ResponseOverflowError(flight.label, `more than ${this.s.maxLines} response lines`));
    }
    flight.lines.push(line);
    if (!trigger) return;
    flight.triggered = true;
    // After an early OK the module answers the data phase with another final: wait for that one.
    if (flight.earlyFinal) {
      flight.earlyFinal = false;
      flight.final = undefined;
    }
    void this.e.data.sendOutgoing(flight, line);
  }

  triggerOutstanding(flight: InFlight): boolean {
    const on = flight.command.outgoing?.on;
    return on !== undefined && on !== 'prompt' && !flight.triggered;
  }

  isTrigger(flight: InFlight, line: string): boolean {
    const on = flight.command.outgoing?.on;
    return on !== undefined && on !== 'prompt' && matchLine(on, line);
  }

  isStaleFinal(line: string): boolean {
    const stale = this.s.stale;
    if (!stale) return false;
    const cmd = stale.command.command;
    if (line === cmd.text) return true;
    if (cmd.resultUrc && matchLine(cmd.resultUrc.match, line)) {
      // The abandoned command's result overtook its final: nothing more is owed once the final comes.
      stale.command.resultUrc = line;
      this.s.emitTrace('rx', 'line', `${this.s.secrets.redact(line)} (late result of ${stale.command.label})`, line.length);
      return true;
    }
    // Only V.250 finals: a command's custom finals (e.g. a '+FTPGET: 1,' error line) may be
    // another operation's result URC, which must reach urc$.
    if (!classifyFinal(line, undefined, undefined)) return false;
    this.s.emitTrace('rx', 'line', `${this.s.secrets.redact(line)} (late answer to ${stale.command.label})`, line.length);
    stale.timer.unsubscribe();
    this.s.stale = undefined;
    if (classifyFinal(line, cmd.successFinals, cmd.errorFinals) === 'success') this.s.orphans.add(stale.command, this.s.scheduler.now());
    this.e.queue.pump();
    return true;
  }

  /**
   * A mid-line payload head: the in-flight command's, if it began after the
   * write and the command still wants data; otherwise nothing happens and the
   * tokenizer frames the rest of the line as text (a plain line, or a URC).
   */
  routeHead(text: string, start: number): void {
    const current = this.s.current;
    const flight = current && current.written && !current.done && start >= current.writtenAt ? current : undefined;
    const head = flight?.command.incoming?.dataAfterHead;
    if (!flight || !head || flight.complete || !head.match.test(text)) return;
    const mode = this.checkLength(flight, head.mode(text));
    if (!mode) return;
    this.claim(flight, text, this.s.secrets.redact(text), false);
    // A claim that failed the command (too many lines) still owes the payload bytes: they are dropped, not read as lines.
    if (flight.done) this.s.tokenizer.beginData(mode);
    else this.e.data.beginIncoming(flight, mode);
  }

  routePrompt(text: string, start: number): void {
    this.s.emitTrace('rx', 'prompt', text, text.length);
    const flight = this.s.current;
    if (flight && flight.written && start >= flight.writtenAt && flight.command.outgoing?.on === 'prompt') void this.e.data.sendOutgoing(flight, text);
  }

  failOwner(error: unknown): void {
    const owner = this.s.dataOwner ?? this.s.current;
    if (owner) this.e.queue.fail(owner, error instanceof Error ? error : new Error(String(error)));
  }

  /** The data mode `line` announces for `flight`, if any; a too large announced length fails the command. */
  dataAfter(flight: InFlight, line: string): DataMode | undefined {
    const incoming = flight.command.incoming;
    // Also after OK while a result URC is pending: SIMCom announces the FTPETGET stream in a line after OK.
    if (!incoming || flight.complete) return undefined;
    return this.checkLength(flight, incoming.dataAfter?.(line));
  }

  /** `mode`, unless its announced length exceeds `incoming.maxLength`: that fails the command. */
  checkLength(flight: InFlight, mode: DataMode | undefined): DataMode | undefined {
    if (!mode || (mode.kind !== 'exact' && mode.kind !== 'quoted')) return mode;
    if (mode.length > (flight.command.incoming?.maxLength ?? 16 * 1024 * 1024)) {
      this.e.queue.fail(flight, new ResponseOverflowError(flight.label, `announced payload of ${mode.length} bytes is too large`));
      return undefined;
    }
    return mode;
  }
}
