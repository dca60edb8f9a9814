import type { DataMode } from '../framing/events.js';
import type { LineMatcher } from './matchers.js';

/** Receives incoming payload bytes. A returned promise applies backpressure until it settles. */
export type PayloadSink = (chunk: Uint8Array) => void | Promise<void>;

/** Bytes to write in a data phase: one buffer, or chunks produced on demand. */
export type OutgoingData = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Everything the engine needs to run one AT command. A command carries its own
 * facts (what it claims, how it ends, its data phase, its timeouts); the engine
 * only executes definitions. Vendor drivers build these from tables.
 */
export interface AtCommand {
  /** The command line without its terminator, e.g. `AT+QFTPSIZE="a.bin"`. */
  readonly text: string;
  /** Substrings of `text` shown as `***` in traces and errors (passwords, user names). */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * Milliseconds to wait for the final result. The clock restarts whenever
   * payload bytes of this command arrive, so a long transfer is not cut while
   * it is still moving. Default: the engine's `defaultTimeoutMs`.
   */
  readonly timeoutMs?: number;
  /** Information lines that belong to this command (collected in `lines`). */
  readonly claims?: readonly LineMatcher[];
  /** Extra lines that end the command successfully (besides `OK`), e.g. `CONNECT` or `DOWNLOAD`. */
  readonly successFinals?: readonly LineMatcher[];
  /** Extra lines that end the command with an error (besides `ERROR`, `+CME ERROR`, …). */
  readonly errorFinals?: readonly LineMatcher[];
  /**
   * An incoming payload announced by a response line: `dataAfter` returns the
   * framing for the bytes that follow (exact length, ETX, open). The announcing
   * line is claimed. Without `sink` the payload is collected into the response.
   */
  readonly incoming?: {
    readonly dataAfter: (line: string) => DataMode | undefined;
    readonly sink?: PayloadSink;
    /** Upper bound for an announced length; a larger one fails the command. Default 16 MiB. */
    readonly maxLength?: number;
  };
  /**
   * An outgoing payload: when `on` is seen (a line, or `'prompt'` for a
   * terminator-less prompt such as `> `), the engine writes `data(line)`.
   * The trigger line is claimed.
   */
  readonly outgoing?: {
    readonly on: LineMatcher | 'prompt';
    readonly prompts?: readonly string[];
    readonly data: (trigger: string) => OutgoingData;
  };
  /**
   * The vendors' "OK now, result later" pattern: after the final `OK` the
   * command completes only when a line matching `match` arrives (it may also
   * arrive before `OK`; it is watched from before the command is written).
   */
  readonly resultUrc?: { readonly match: LineMatcher; readonly timeoutMs: number };
  /** Write `text` without a CR and expect no echo (e.g. `+++`). */
  readonly raw?: boolean;
  /** Silence required on the line before writing (the `+++` guard time), in ms. */
  readonly guardMs?: number;
}

/** What a successful command returns. */
export interface AtResponse {
  /** The command text with secrets redacted. */
  readonly command: string;
  /** Claimed information lines, in order. */
  readonly lines: readonly string[];
  /** The final result line, e.g. `OK` or `CONNECT`. */
  readonly final: string;
  /** The result URC, for commands that declared one. */
  readonly resultUrc: string | undefined;
  /** Collected payload when the command had `incoming` without a sink. */
  readonly payload: Uint8Array | undefined;
  /** Payload bytes received (also counted when streamed into a sink). */
  readonly payloadBytes: number;
}

/** Per-call options for `AtEngine.run`. */
export interface RunOptions {
  /** Cancels the command, queued or in flight. */
  readonly signal?: AbortSignal | undefined;
}
