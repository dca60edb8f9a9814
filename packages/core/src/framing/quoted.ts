import type { FrameEvent } from './events.js';

const QUOTE = 0x22;

/** Longest line text tested against `Expectation.heads`. */
export const MAX_HEAD_LENGTH = 1024;

/** Where a `quoted` data phase stands: payload bytes still owed (0: the closing quote is next). */
export interface QuotedState {
  remaining: number;
}

/** One step of a quoted data phase: its event, where it ended, and whether the phase is over. */
export interface QuotedStep {
  readonly event: FrameEvent;
  readonly end: number;
  readonly done: boolean;
}

/**
 * Reads a `quoted` payload from `bytes[from]` (at least one byte is there):
 * payload bytes while any are owed, then the byte after them decides the end.
 * The closing `"` is decoration (SARA-R4 AT manual §16.5: "the length frames
 * the data"), so a missing one costs nothing: that byte is text again.
 */
export function readQuoted(bytes: Uint8Array, from: number, state: QuotedState): QuotedStep {
  if (state.remaining > 0) {
    const take = Math.min(state.remaining, bytes.length - from);
    state.remaining -= take;
    return { event: { type: 'data', bytes: bytes.subarray(from, from + take) }, end: from + take, done: false };
  }
  const end = bytes[from] === QUOTE ? from + 1 : from;
  return { event: { type: 'data-end', reason: 'length' }, end, done: true };
}

/** True when the line text so far (ending with its opening quote) is one of `heads`. */
export function isHead(heads: readonly RegExp[], text: string): boolean {
  return heads.some((head) => {
    // A global or sticky pattern keeps state between calls; each line is tested from its start.
    head.lastIndex = 0;
    return head.test(text);
  });
}
