import type { DataMode, Expectation, FrameEvent } from './events.js';

const CR = 0x0d;
const LF = 0x0a;
const ETX = 0x03;
const DLE = 0x10;

/** Options for {@link Tokenizer}. */
export interface TokenizerOptions {
  /**
   * Longest line kept, in bytes. A longer line is discarded up to its
   * terminator and reported as one `overflow` event, so an endless line cannot
   * grow memory without bound.
   */
  maxLineLength?: number;
}

type State =
  | { mode: 'line' }
  | { mode: 'exact'; remaining: number }
  | { mode: 'etx'; afterDle: boolean }
  | { mode: 'open' };

/**
 * Turns modem bytes into lines, prompts and payload data.
 *
 * A pure, incremental function of its input: no I/O, no timers, no clock.
 * Feeding the same bytes split at any boundaries yields the same events, which
 * is what the property tests check. Line terminators are CR LF, tolerating a
 * lone CR or LF; empty lines are skipped. A CR at the very end of a chunk
 * remembers to swallow an LF that starts the next one; this matters right
 * before a payload, whose first byte may itself be LF.
 */
export class Tokenizer {
  readonly #maxLine: number;
  readonly #decoder = new TextDecoder('utf-8');
  #state: State = { mode: 'line' };
  #expect: Expectation | undefined;
  #partial: Uint8Array[] = [];
  #partialLength = 0;
  #overflowing = 0;
  #skipLf = false;

  constructor(options: TokenizerOptions = {}) {
    this.#maxLine = options.maxLineLength ?? 64 * 1024;
  }

  /** Sets (or clears) what the command in flight expects. Takes effect for the next line. */
  expect(expectation: Expectation | undefined): void {
    this.#expect = expectation;
  }

  /** True while bytes are taken as payload rather than text. */
  get inData(): boolean {
    return this.#state.mode !== 'line';
  }

  /** Switches to a data mode immediately (for a data phase not announced by a line). */
  beginData(mode: DataMode): FrameEvent[] {
    const events: FrameEvent[] = [];
    this.#enter(mode, events);
    return events;
  }

  /** Ends an `open` (or any) data phase at the current byte; the following bytes are text again. */
  endData(): FrameEvent[] {
    if (this.#state.mode === 'line') return [];
    this.#state = { mode: 'line' };
    return [{ type: 'data-end', reason: 'caller' }];
  }

  /** Consumes one chunk and returns the events it completes, in order. */
  feed(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    let offset = 0;
    if (this.#skipLf && chunk.length > 0) {
      this.#skipLf = false;
      if (chunk[0] === LF) offset = 1;
    }
    while (offset < chunk.length) {
      switch (this.#state.mode) {
        case 'line':
          offset = this.#readLine(chunk, offset, events);
          break;
        case 'exact':
          offset = this.#readExact(chunk, offset, this.#state, events);
          break;
        case 'etx':
          offset = this.#readEtx(chunk, offset, this.#state, events);
          break;
        case 'open':
          events.push({ type: 'data', bytes: chunk.subarray(offset) });
          offset = chunk.length;
          break;
      }
    }
    if (this.#state.mode === 'line') this.#checkPrompt(events);
    return events;
  }

  #readLine(chunk: Uint8Array, start: number, events: FrameEvent[]): number {
    const end = findTerminator(chunk, start);
    if (end < 0) {
      this.#keepPartial(chunk.subarray(start));
      return chunk.length;
    }
    this.#keepPartial(chunk.subarray(start, end));
    let next = end + 1;
    if (chunk[end] === CR) {
      if (next < chunk.length) {
        if (chunk[next] === LF) next++;
      } else {
        this.#skipLf = true;
      }
    }
    this.#completeLine(events);
    return next;
  }

  #keepPartial(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#overflowing > 0 || this.#partialLength + bytes.length > this.#maxLine) {
      this.#overflowing += this.#partialLength + bytes.length;
      this.#partial = [];
      this.#partialLength = 0;
      return;
    }
    this.#partial.push(bytes.slice());
    this.#partialLength += bytes.length;
  }

  #completeLine(events: FrameEvent[]): void {
    if (this.#overflowing > 0) {
      events.push({ type: 'overflow', discarded: this.#overflowing });
      this.#overflowing = 0;
      return;
    }
    if (this.#partialLength === 0) return;
    const text = this.#decodePartial();
    events.push({ type: 'line', text });
    const mode = this.#expect?.dataAfter?.(text);
    if (mode) this.#enter(mode, events);
  }

  #decodePartial(): string {
    const bytes =
      this.#partial.length === 1 ? (this.#partial[0] as Uint8Array) : concat(this.#partial, this.#partialLength);
    this.#partial = [];
    this.#partialLength = 0;
    return this.#decoder.decode(bytes);
  }

  #enter(mode: DataMode, events: FrameEvent[]): void {
    if (mode.kind === 'exact') {
      if (mode.length <= 0) {
        events.push({ type: 'data-end', reason: 'length' });
        return;
      }
      this.#state = { mode: 'exact', remaining: mode.length };
    } else if (mode.kind === 'etx') {
      this.#state = { mode: 'etx', afterDle: false };
    } else {
      this.#state = { mode: 'open' };
    }
  }

  #readExact(chunk: Uint8Array, start: number, state: { remaining: number }, events: FrameEvent[]): number {
    const take = Math.min(state.remaining, chunk.length - start);
    events.push({ type: 'data', bytes: chunk.subarray(start, start + take) });
    state.remaining -= take;
    if (state.remaining === 0) {
      this.#state = { mode: 'line' };
      events.push({ type: 'data-end', reason: 'length' });
    }
    return start + take;
  }

  /** DLE escapes the next byte (DLE ETX → ETX, DLE DLE → DLE); a bare ETX ends the data. */
  #readEtx(chunk: Uint8Array, start: number, state: { afterDle: boolean }, events: FrameEvent[]): number {
    let i = start;
    if (state.afterDle) {
      state.afterDle = false;
      events.push({ type: 'data', bytes: chunk.subarray(i, i + 1) });
      i++;
    }
    let runStart = i;
    for (; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== DLE && byte !== ETX) continue;
      if (i > runStart) events.push({ type: 'data', bytes: chunk.subarray(runStart, i) });
      if (byte === ETX) {
        this.#state = { mode: 'line' };
        events.push({ type: 'data-end', reason: 'etx' });
        return i + 1;
      }
      if (i + 1 < chunk.length) {
        events.push({ type: 'data', bytes: chunk.subarray(i + 1, i + 2) });
        i++;
        runStart = i + 1;
      } else {
        state.afterDle = true;
        return chunk.length;
      }
    }
    if (i > runStart) events.push({ type: 'data', bytes: chunk.subarray(runStart, i) });
    return chunk.length;
  }

  /** A prompt has no terminator: it is recognised when the pending text is exactly it. */
  #checkPrompt(events: FrameEvent[]): void {
    const prompts = this.#expect?.prompts;
    if (!prompts || this.#partialLength === 0 || this.#overflowing > 0) return;
    const text = this.#decoder.decode(concat(this.#partial, this.#partialLength));
    if (prompts.includes(text)) {
      this.#partial = [];
      this.#partialLength = 0;
      events.push({ type: 'prompt', text });
    }
  }
}

function findTerminator(chunk: Uint8Array, start: number): number {
  const cr = chunk.indexOf(CR, start);
  const lf = chunk.indexOf(LF, start);
  if (cr < 0) return lf;
  if (lf < 0) return cr;
  return Math.min(cr, lf);
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
