import type { DataMode, Expectation, FrameEvent, FrameStep } from './events.js';
import { concat, findTerminator } from './line-bytes.js';
import { isHead, MAX_HEAD_LENGTH, readQuoted, type QuotedState } from './quoted.js';

const CR = 0x0d;
const LF = 0x0a;
const ETX = 0x03;
const DLE = 0x10;
const QUOTE = 0x22;

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
  | { mode: 'open' }
  | ({ mode: 'quoted' } & QuotedState);

const NOTHING: FrameStep = { event: undefined, consumed: 0 };

/**
 * Turns modem bytes into lines, prompts and payload data.
 *
 * No I/O, no timers, no clock, no callbacks: {@link Tokenizer.next} frames one
 * event and says how many bytes it took (the shape of Rust atat's `digest`), so
 * the caller routes each event before the next byte is framed and switches to a
 * data mode ({@link Tokenizer.beginData}) exactly after the line that announced
 * it. Feeding the same bytes split at any boundaries yields the same events,
 * which is what the property tests check. Line terminators are CR LF,
 * tolerating a lone CR or LF; empty lines are skipped. A CR at the very end of a
 * chunk remembers to swallow an LF that starts the next one; this matters right
 * before a payload, whose first byte may itself be LF.
 *
 * With `Expectation.heads`, a line may also announce a payload on itself
 * (u-blox `+URDBLOCK: "f",64,"…`): the text up to a quote that matches a head
 * is a `head` event, and {@link Tokenizer.beginData} right after it starts the
 * payload at the next byte. Without that call the line goes on as plain text.
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
  /** A data-end owed once the last payload byte was handed out. */
  #queued: FrameEvent | undefined;
  /** Stream offset of the next byte, counted over every byte ever consumed. */
  #position = 0;
  /** Stream offset of `bytes[0]` in the current {@link Tokenizer.next} call. */
  #base = 0;
  /** Index into the current step's bytes where it ended. */
  #end = 0;
  #partialStart = 0;
  #lastStart = 0;
  /** The current line's head was offered: its text stays pending until `beginData` takes it. */
  #headOffered = false;

  constructor(options: TokenizerOptions = {}) {
    this.#maxLine = options.maxLineLength ?? 64 * 1024;
  }

  /** Sets (or clears) the expectation {@link Tokenizer.feed} uses. */
  expect(expectation: Expectation | undefined): void {
    this.#expect = expectation;
  }

  /** True while bytes are taken as payload rather than text. */
  get inData(): boolean {
    return this.#state.mode !== 'line';
  }

  /** Stream offset (bytes consumed since creation) at which the last line or prompt returned began. */
  get lastStart(): number {
    return this.#lastStart;
  }

  /** Stream offset of the next byte to be framed. */
  get position(): number {
    return this.#position;
  }

  /** Switches to a data mode at the current byte (right after the announcing line). */
  beginData(mode: DataMode): FrameEvent[] {
    if (this.#headOffered) this.#takeHead();
    if (mode.kind === 'exact') {
      if (mode.length <= 0) return [{ type: 'data-end', reason: 'length' }];
      this.#state = { mode: 'exact', remaining: mode.length };
    } else if (mode.kind === 'quoted') {
      // Length 0 still has its closing quote to swallow.
      this.#state = { mode: 'quoted', remaining: Math.max(0, mode.length) };
    } else if (mode.kind === 'etx') {
      this.#state = { mode: 'etx', afterDle: false };
    } else {
      this.#state = { mode: 'open' };
    }
    return [];
  }

  /** Ends an `open` (or any) data phase at the current byte; the following bytes are text again. */
  endData(): FrameEvent[] {
    this.#queued = undefined;
    if (this.#state.mode === 'line') return [];
    this.#state = { mode: 'line' };
    return [{ type: 'data-end', reason: 'caller' }];
  }

  /**
   * Frames the next event from `bytes`, starting at `offset` (the unconsumed
   * rest of a chunk; an offset saves the caller a `subarray` per step).
   * Returns `consumed` > 0 or an event whenever bytes remain; an
   * event may consume nothing (a `data-end` owed after the last payload byte).
   * Only `expectation.prompts` is used here: which line starts a data phase is
   * the caller's decision, applied with {@link Tokenizer.beginData}.
   */
  next(bytes: Uint8Array, expectation?: Expectation, offset = 0): FrameStep {
    const queued = this.#queued;
    if (queued) {
      this.#queued = undefined;
      return { event: queued, consumed: 0 };
    }
    if (offset >= bytes.length) return NOTHING;
    this.#base = this.#position - offset;
    let from = offset;
    if (this.#skipLf) {
      this.#skipLf = false;
      if (bytes[offset] === LF) from++;
    }
    let event: FrameEvent | undefined;
    if (from < bytes.length) event = this.#step(bytes, from, expectation);
    else this.#end = from;
    const consumed = this.#end - offset;
    this.#position += consumed;
    return { event, consumed };
  }

  /** Consumes one whole chunk and returns its events, applying the `expect()` expectation's `dataAfter`. */
  feed(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    const expectation = this.#expect;
    let offset = 0;
    for (;;) {
      const { event, consumed } = this.next(chunk, expectation, offset);
      offset += consumed;
      if (event) {
        events.push(event);
        const mode =
          event.type === 'line' ? expectation?.dataAfter?.(event.text) : event.type === 'head' ? expectation?.dataAfterHead?.(event.text) : undefined;
        if (mode) events.push(...this.beginData(mode));
      } else if (offset >= chunk.length) return events;
    }
  }

  /** Records where the current step ended (an index into its bytes) and returns its event. */
  #at(event: FrameEvent | undefined, end: number): FrameEvent | undefined {
    this.#end = end;
    return event;
  }

  #step(bytes: Uint8Array, from: number, expectation: Expectation | undefined): FrameEvent | undefined {
    const state = this.#state;
    switch (state.mode) {
      case 'line':
        return this.#readLine(bytes, from, expectation);
      case 'exact':
        return this.#readExact(bytes, from, state);
      case 'etx':
        return this.#readEtx(bytes, from, state);
      case 'open':
        return this.#at({ type: 'data', bytes: bytes.subarray(from) }, bytes.length);
      case 'quoted': {
        const step = readQuoted(bytes, from, state);
        if (step.done) this.#state = { mode: 'line' };
        return this.#at(step.event, step.end);
      }
    }
  }

  #readLine(bytes: Uint8Array, from: number, expectation: Expectation | undefined): FrameEvent | undefined {
    let start = from;
    for (;;) {
      const end = findTerminator(bytes, start, this.#headsActive(expectation));
      if (end >= 0 && bytes[end] === QUOTE) {
        this.#keepPartial(bytes, start, end + 1);
        const head = this.#head(expectation?.heads ?? []);
        if (head) return this.#at(head, end + 1);
        start = end + 1;
        continue;
      }
      if (end < 0) {
        this.#keepPartial(bytes, start, bytes.length);
        return this.#at(this.#prompt(expectation), bytes.length);
      }
      this.#keepPartial(bytes, start, end);
      let next = end + 1;
      if (bytes[end] === CR) {
        if (next < bytes.length) {
          if (bytes[next] === LF) next++;
        } else {
          this.#skipLf = true;
        }
      }
      const event = this.#completeLine();
      if (event) return this.#at(event, next);
      if (next >= bytes.length) return this.#at(undefined, next);
      start = next;
    }
  }

  #keepPartial(bytes: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    if (this.#partialLength === 0 && this.#overflowing === 0) this.#partialStart = this.#base + start;
    if (this.#overflowing > 0 || this.#partialLength + end - start > this.#maxLine) {
      this.#overflowing += this.#partialLength + end - start;
      this.#partial = [];
      this.#partialLength = 0;
      return;
    }
    this.#partial.push(bytes.slice(start, end));
    this.#partialLength += end - start;
  }

  #headsActive(expectation: Expectation | undefined): boolean {
    return !this.#headOffered && expectation?.heads !== undefined && expectation.heads.length > 0;
  }

  /** A `head` event when the pending text (ending with a quote) is one of `heads`. */
  #head(heads: readonly RegExp[]): FrameEvent | undefined {
    if (this.#overflowing > 0 || this.#partialLength > MAX_HEAD_LENGTH) return undefined;
    const text = this.#decoder.decode(concat(this.#partial, this.#partialLength));
    if (!isHead(heads, text)) return undefined;
    this.#headOffered = true;
    this.#lastStart = this.#partialStart;
    return { type: 'head', text };
  }

  /** The caller took the offered head: its text is not part of any line. */
  #takeHead(): void {
    this.#headOffered = false;
    this.#partial = [];
    this.#partialLength = 0;
  }

  #completeLine(): FrameEvent | undefined {
    this.#headOffered = false;
    if (this.#overflowing > 0) {
      const discarded = this.#overflowing;
      this.#overflowing = 0;
      return { type: 'overflow', discarded };
    }
    if (this.#partialLength === 0) return undefined;
    this.#lastStart = this.#partialStart;
    return { type: 'line', text: this.#decodePartial() };
  }

  #decodePartial(): string {
    const bytes = concat(this.#partial, this.#partialLength);
    this.#partial = [];
    this.#partialLength = 0;
    return this.#decoder.decode(bytes);
  }

  #readExact(bytes: Uint8Array, from: number, state: { remaining: number }): FrameEvent | undefined {
    const take = Math.min(state.remaining, bytes.length - from);
    state.remaining -= take;
    if (state.remaining === 0) {
      this.#state = { mode: 'line' };
      this.#queued = { type: 'data-end', reason: 'length' };
    }
    return this.#at({ type: 'data', bytes: bytes.subarray(from, from + take) }, from + take);
  }

  /** DLE escapes the next byte (DLE ETX → ETX, DLE DLE → DLE); a bare ETX ends the data. */
  #readEtx(bytes: Uint8Array, from: number, state: { afterDle: boolean }): FrameEvent | undefined {
    if (state.afterDle) {
      state.afterDle = false;
      return this.#at({ type: 'data', bytes: bytes.subarray(from, from + 1) }, from + 1);
    }
    let i = from;
    while (i < bytes.length && bytes[i] !== DLE && bytes[i] !== ETX) i++;
    if (i > from) return this.#at({ type: 'data', bytes: bytes.subarray(from, i) }, i);
    if (bytes[i] === ETX) {
      this.#state = { mode: 'line' };
      return this.#at({ type: 'data-end', reason: 'etx' }, i + 1);
    }
    if (i + 1 < bytes.length) return this.#at({ type: 'data', bytes: bytes.subarray(i + 1, i + 2) }, i + 2);
    state.afterDle = true;
    return this.#at(undefined, i + 1);
  }

  /** A prompt has no terminator: it is recognised when the pending text is exactly it. */
  #prompt(expectation: Expectation | undefined): FrameEvent | undefined {
    const prompts = expectation?.prompts;
    if (!prompts || this.#partialLength === 0 || this.#overflowing > 0) return undefined;
    const text = this.#decoder.decode(concat(this.#partial, this.#partialLength));
    if (!prompts.includes(text)) return undefined;
    this.#partial = [];
    this.#partialLength = 0;
    this.#lastStart = this.#partialStart;
    return { type: 'prompt', text };
  }
}
