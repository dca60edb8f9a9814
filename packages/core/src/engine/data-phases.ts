import type { DataEndReason, DataMode } from '../framing/events.js';
import { AtAbortedError, AtCommandError, TransportClosedError } from '../errors/engine-errors.js';
import { copyBytes } from '../transport/copy-bytes.js';
import type { OutgoingData } from './command.js';
import type { EngineParts, EngineState } from './engine-state.js';
import type { InFlight } from './in-flight.js';
import { TrailerHold } from './trailer-hold.js';

const ENCODER = new TextEncoder();

/**
 * Data phases: incoming payload into the command's sink (holding a trailer
 * tail back where declared), outgoing payload on its trigger, and abandoning
 * either by the command's abort facts.
 */
export class DataPhases {
  constructor(
    private readonly s: EngineState,
    private readonly e: EngineParts,
  ) {}

  /** `flight`'s announcing line was routed: the next byte is payload. */
  beginIncoming(flight: InFlight, mode: DataMode): void {
    if (flight.done) return;
    this.s.dataOwner = flight;
    // An announced length of 0 ends the phase at once.
    if (this.s.tokenizer.beginData(mode).length > 0) {
      this.s.dataOwner = undefined;
      return;
    }
    const trailer = flight.command.incoming?.trailer;
    if (trailer && mode.kind === 'exact') flight.hold = new TrailerHold(trailer);
    if (flight.abortRequested) this.abandonIncoming(flight);
  }

  routeData(bytes: Uint8Array): Promise<void> | void {
    const owner = this.s.dataOwner;
    // Runs for every payload chunk: the preview is built only if the event is read.
    this.s.emitDataTrace('rx', bytes);
    if (!owner || owner.done) return;
    owner.activityAt = this.s.scheduler.now();
    const hold = owner.hold;
    if (!hold) return this.deliver(owner, bytes);
    owner.quietTimer?.unsubscribe();
    const parts = hold.push(bytes);
    if (hold.match) owner.quietTimer = this.s.scheduler.schedule(() => this.trailerQuiet(owner), hold.facts.quietMs);
    return this.deliverAll(owner, parts);
  }

  deliver(owner: InFlight, bytes: Uint8Array): Promise<void> | void {
    if (bytes.length === 0) return;
    owner.payloadBytes += bytes.length;
    const sink = owner.command.incoming?.sink;
    if (!sink) {
      owner.chunks.push(copyBytes(bytes));
      return;
    }
    const result = sink(bytes);
    return result instanceof Promise ? result : undefined;
  }

  deliverAll(owner: InFlight, parts: readonly Uint8Array[]): Promise<void> | void {
    let pending: Promise<void> | undefined;
    for (const part of parts) {
      const result = pending ? pending.then(() => this.deliver(owner, part)) : this.deliver(owner, part);
      pending = result instanceof Promise ? result : undefined;
    }
    return pending;
  }

  /** The tokenizer ended the data phase (length reached, ETX): held bytes are payload. */
  endPhase(reason: DataEndReason): Promise<void> | void {
    const owner = this.s.dataOwner;
    this.s.dataOwner = undefined;
    if (!owner) return;
    owner.phaseEnd = reason;
    owner.quietTimer?.unsubscribe();
    const hold = owner.hold;
    owner.hold = undefined;
    if (hold && !owner.done) return this.deliver(owner, hold.flush());
  }

  /**
   * A held tail matched the trailer and the line stayed quiet: the module left
   * the data phase. Bytes still being routed mean it is not quiet yet.
   */
  trailerQuiet(owner: InFlight): void {
    const hold = owner.hold;
    const match = hold?.match;
    if (!hold || !match || owner.done || this.s.dataOwner !== owner) return;
    if (this.s.routing || this.s.pendingChunks.length > 0) {
      owner.quietTimer = this.s.scheduler.schedule(() => this.trailerQuiet(owner), hold.facts.quietMs);
      return;
    }
    this.s.tokenizer.endData();
    this.s.dataOwner = undefined;
    owner.hold = undefined;
    owner.phaseEnd = 'caller';
    // The trailer holds the module's final and result: nothing more is owed.
    owner.answerSeen = true;
    const line = match[1] ?? match[0].trim();
    this.s.emitTrace('rx', 'line', `${this.s.secrets.redact(line)} (trailer in the payload)`, match[0].length);
    const fail = (): void => {
      const error = hold.facts.error?.(line) ?? new AtCommandError(owner.label, this.s.secrets.redact(line));
      this.e.queue.fail(owner, withPayloadBytes(error, owner.payloadBytes));
    };
    const delivered = this.deliver(owner, hold.salvage());
    if (delivered) delivered.then(fail, (error: unknown) => this.e.queue.fail(owner, error instanceof Error ? error : new Error(String(error))));
    else fail();
  }

  /** The run's signal fired: with abort facts a written command is abandoned on the wire, not just dropped. */
  onAbort(flight: InFlight): void {
    if (flight.done) return;
    // Nothing to abandon on the wire when the module already gave its answer (a failure URC after OK).
    if (!flight.command.abort || !flight.written || flight.answerSeen) return this.e.queue.fail(flight, new AtAbortedError(flight.label));
    if (flight.abortRequested) return;
    flight.abortRequested = true;
    this.s.emitTrace('tx', 'command', `abort requested for ${flight.label}`, 0);
    if (this.s.dataOwner === flight) this.abandonIncoming(flight);
    // An outgoing phase sees the flag between chunks; one not begun yet begins with endOutgoing.
  }

  abandonIncoming(flight: InFlight): void {
    const escape = flight.command.abort?.escape;
    if (escape) this.escapeAfterGuard(flight, escape, () => this.s.dataOwner === flight);
  }

  /** Writes the escape once the host has been silent for its guard time, if the phase still runs then. */
  escapeAfterGuard(flight: InFlight, escape: { bytes: string; guardMs: number }, running: () => boolean): void {
    const attempt = (): void => {
      if (flight.done || flight.escapeWritten || !running()) return;
      const wait = escape.guardMs - (this.s.scheduler.now() - this.s.lastTxAt);
      if (wait > 0) {
        flight.escapeTimer = this.s.scheduler.schedule(attempt, wait);
        return;
      }
      flight.escapeWritten = true;
      const bytes = ENCODER.encode(escape.bytes);
      this.s.emitTrace('tx', 'command', `${escape.bytes.trim()} (abandoning ${flight.label})`, bytes.length);
      this.s.write(bytes).catch((error: unknown) => this.e.queue.fail(flight, new TransportClosedError(flight.label), error));
    };
    attempt();
  }

  async sendOutgoing(flight: InFlight, trigger: string): Promise<void> {
    const outgoing = flight.command.outgoing;
    if (!outgoing) return;
    flight.sending = true;
    try {
      if (!flight.abortRequested) {
        for await (const chunk of toIterable(outgoing.data(trigger))) {
          if (flight.done) return;
          if (flight.abortRequested) break;
          this.s.emitDataTrace('tx', chunk);
          await this.s.write(chunk);
          flight.outgoingBytes += chunk.length;
          flight.activityAt = this.s.scheduler.now();
        }
      }
      if (flight.abortRequested && !flight.done) await this.abandonOutgoing(flight);
    } catch (error) {
      this.e.queue.fail(flight, error instanceof Error ? error : new Error(String(error)));
    } finally {
      flight.sending = false;
    }
  }

  async abandonOutgoing(flight: InFlight): Promise<void> {
    const { endOutgoing, escape } = flight.command.abort ?? {};
    if (endOutgoing) {
      this.s.emitDataTrace('tx', endOutgoing, ` (ending the data of ${flight.label})`);
      await this.s.write(endOutgoing);
    }
    if (escape) this.escapeAfterGuard(flight, escape, () => flight.final === undefined);
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
