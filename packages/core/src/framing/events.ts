/**
 * What the tokenizer produces from the modem's byte stream.
 *
 * `data` chunks may be views into the chunk that was fed (no copy on the hot
 * path); a consumer that keeps one beyond the current call must copy it.
 */
export type FrameEvent =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'prompt'; readonly text: string }
  /**
   * The start of a line that announces a payload on that same line, up to and
   * including its opening quote (`+URDBLOCK: "f",64,"`). The caller either
   * calls `Tokenizer.beginData` next, or the line simply goes on as text.
   */
  | { readonly type: 'head'; readonly text: string }
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  | { readonly type: 'data-end'; readonly reason: DataEndReason }
  | { readonly type: 'overflow'; readonly discarded: number };

/** Why a data phase ended. */
export type DataEndReason = 'length' | 'etx' | 'caller';

/**
 * How the bytes after an announcing line are framed. The command in flight
 * decides; the tokenizer never guesses a mode from the data itself.
 */
export type DataMode =
  /** Exactly `length` raw bytes (`+FTPGET: 2,<n>`, `+FTPEXTGET: 3,<n>`, `CONNECT <n>`, ranged `CONNECT`). */
  | { readonly kind: 'exact'; readonly length: number }
  /** Transparent data ended by a bare ETX, with DLE escapes removed (SIMCom `FTPETGET`). */
  | { readonly kind: 'etx' }
  /** Transparent data until the caller ends it with `Tokenizer.endData()`. */
  | { readonly kind: 'open' }
  /**
   * Exactly `length` raw bytes that began after a quote mid-line (u-blox
   * `+URDBLOCK`, `+UUFTPCD`; SARA-R4 AT manual §16.5, §20.2.3), then a closing
   * `"` that is swallowed if present (it is decoration: the length frames the
   * payload). The line terminator after it is then an empty line, which line
   * mode skips.
   */
  | { readonly kind: 'quoted'; readonly length: number };

/** One step of {@link Tokenizer.next}: at most one event, and how many bytes it took. */
export interface FrameStep {
  readonly event: FrameEvent | undefined;
  readonly consumed: number;
}

/**
 * Set by the command in flight: which line switches to a data mode, and which
 * prompts (text without a line terminator, such as `> `) it waits for.
 */
export interface Expectation {
  /**
   * Returns a data mode when `line` announces a payload, else `undefined`.
   * Used by the batch `Tokenizer.feed` only; a step caller decides the mode
   * while routing the line and calls `Tokenizer.beginData`.
   */
  readonly dataAfter?: (line: string) => DataMode | undefined;
  /** Prompts recognised at the start of a line, e.g. `['> ']`. */
  readonly prompts?: readonly string[];
  /**
   * Patterns for a payload announced mid-line: tested on the text of the line
   * so far whenever it ends with `"` (once a line's head was offered, not
   * again); a match yields a `head` event. Heads longer than 1 KiB are not
   * recognised, so a long quoted line is not re-decoded at every quote.
   */
  readonly heads?: readonly RegExp[];
  /** Like `dataAfter`, for a `head` event; used by the batch `Tokenizer.feed` only. */
  readonly dataAfterHead?: (head: string) => DataMode | undefined;
}
