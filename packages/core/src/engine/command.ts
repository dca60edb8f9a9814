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
   * framing for the bytes that follow (exact length, ETX, open); or announced
   * mid-line, see {@link HeadAnnouncement}. The announcing line or head is
   * claimed. Without `sink` the payload is collected into the response; a
   * command may receive several payload phases, concatenated in order.
   */
  readonly incoming?: IncomingAnnouncement & {
    readonly sink?: PayloadSink;
    /** Upper bound for an announced length; a larger one fails the command. Default 16 MiB. */
    readonly maxLength?: number;
    /** How the module's error trailer inside an exact-length payload is recognised; see {@link TrailerFacts}. */
    readonly trailer?: TrailerFacts;
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
  /**
   * How to abandon this command's data phase when the run's AbortSignal fires
   * while it runs; see {@link AbortFacts}. Without it an abort fails the
   * command at once and the engine only holds the queue for its late answer.
   */
  readonly abort?: AbortFacts;
  /** Write `text` without a CR and expect no echo (e.g. `+++`). */
  readonly raw?: boolean;
  /** Silence required on the line before writing (the `+++` guard time), in ms. */
  readonly guardMs?: number;
}

/** At least one of the two ways a payload is announced. */
export type IncomingAnnouncement =
  | { readonly dataAfter: (line: string) => DataMode | undefined; readonly dataAfterHead?: HeadAnnouncement }
  | { readonly dataAfter?: (line: string) => DataMode | undefined; readonly dataAfterHead: HeadAnnouncement };

/**
 * A payload that begins mid-line, right after a quote (u-blox
 * `+URDBLOCK: "f",64,"<64 bytes>"`, `+UUFTPCD: 13,<n>,"<n bytes>"`; SARA-R4 AT
 * manual §16.5, §20.2.3). `match` is tested on the line so far whenever it
 * ends with `"`, only while this command is in flight; `mode` gives the
 * framing, usually `{ kind: 'quoted', length }`. See `quotedLengthAfter`.
 */
export interface HeadAnnouncement {
  readonly match: RegExp;
  readonly mode: (head: string) => DataMode | undefined;
}

/**
 * How a vendor's error trailer inside an exact-length payload is recognised
 * (Quectel ranged `COM:` download: a broken data connection ends the range
 * early with `OK` and `+QFTPGET: <err>,…`, which an exact-length reader would
 * swallow as payload).
 *
 * The engine holds the last `maxBytes` of the payload back from the sink. A
 * held tail that matches `pattern` AND is followed by `quietMs` of silence
 * ends the data phase early: the bytes before the match are delivered, the
 * rest dropped, and the command fails with `error(line)` (or an
 * `AtCommandError` with the matched line), carrying the delivered byte count
 * in `payloadBytes`. A payload that completes its length is always delivered
 * whole, trailer-shaped tail or not; one that merely contains a trailer is cut
 * only if the line also stalls for `quietMs` right after it.
 *
 * @example
 * incoming: {
 *   dataAfter: knownLengthAfter('CONNECT', length),
 *   trailer: { pattern: /\r\nOK\r\n(?:\r\n)?(\+QFTPGET: ?[1-9]\d*,\d+)\r\n$/, maxBytes: 48, quietMs: 150, error: (line) => failureFromLine(line) },
 * }
 */
export interface TrailerFacts {
  /** Anchored at the end (`$`); tested on the held tail as latin1 text. Group 1, if any, is the line handed to `error`. */
  readonly pattern: RegExp;
  /** Bytes held back from the sink: at least the longest trailer. */
  readonly maxBytes: number;
  /** Silence after a matching tail before it is believed. */
  readonly quietMs: number;
  /** The command's error for the trailer line; default `AtCommandError`. */
  readonly error?: (line: string) => Error;
}

/**
 * What the engine writes to abandon a running data phase, and what it runs
 * after. When the run's AbortSignal fires after the command was written, the
 * engine does not drop the command: while (or as soon as) its data phase runs
 * it stops outgoing data and writes `endOutgoing`, and writes `escape.bytes`
 * once the host has been silent for `escape.guardMs` — only if that data phase
 * still runs, so nothing lands in the next command's line. The command then
 * ends when the module answers (final result, result URC or
 * {@link TrailerFacts trailer}) and fails with `AtAbortedError`, whose
 * `payloadBytes` is the exact payload count delivered (or written), so
 * `startAt` resumes at the right byte. If the phase ended by itself as the
 * escape went out, the engine then runs a plain `AT` to clear the module's
 * line buffer; then `then`, ahead of every queued command.
 *
 * @example
 * // Quectel ranged COM: download (field report): +++ after the 1 s guard leaves data mode, then OK and +QFTPGET: 616,…
 * abort: { escape: { bytes: '+++', guardMs: 1050 } }
 * // SIMCom AT+FTPETPUT=2: end the stream with a bare ETX, then quit the session.
 * abort: { endOutgoing: Uint8Array.of(0x03), then: { text: 'AT+FTPQUIT' } }
 * // SIMCom AT+FTPETGET=1: the module reads commands during the stream; it ends it with ETX and reports 80.
 * abort: { escape: { bytes: 'AT+FTPQUIT\r', guardMs: 0 } }
 */
export interface AbortFacts {
  /** Bytes that make the module leave the data phase, after `guardMs` of host silence. */
  readonly escape?: { readonly bytes: string; readonly guardMs: number };
  /** Written instead of the rest of an outgoing payload (e.g. the ETX that closes a transparent upload). */
  readonly endOutgoing?: Uint8Array;
  /** Run right after the abandoned command, before anything queued (e.g. `AT+FTPQUIT`); its result is ignored. */
  readonly then?: AtCommand;
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
