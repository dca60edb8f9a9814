import { copyBytes } from '../transport/copy-bytes.js';

/**
 * One entry of the engine's trace: every line and byte in and out, with a
 * timestamp from the engine's scheduler. Secrets are already `***`.
 */
export interface TraceEvent {
  /** `tx` host → modem, `rx` modem → host. */
  readonly dir: 'tx' | 'rx';
  /**
   * `command` a command line written; `data` payload bytes either way; `line`
   * a response line claimed by a command; `urc` an unclaimed line; `echo` the
   * module echoing a command; `prompt` a prompt such as `> `; `overflow` a
   * discarded over-long line.
   */
  readonly kind: 'command' | 'data' | 'line' | 'urc' | 'echo' | 'prompt' | 'overflow';
  /** Text for line kinds; a hex/ASCII preview for data. */
  readonly text: string;
  /** Number of bytes the event stands for. */
  readonly bytes: number;
  /** Milliseconds from the engine's scheduler (`Date.now()` by default). */
  readonly at: number;
}

const PREVIEW_BYTES = 32;

/** A printable preview of payload bytes: ASCII where printable, `\xNN` otherwise. */
export function previewBytes(bytes: Uint8Array): string {
  return previewOf(bytes, bytes.length);
}

/** The preview of a chunk of `length` bytes that begins with `head`. */
function previewOf(head: Uint8Array, length: number): string {
  let out = '';
  const n = Math.min(head.length, PREVIEW_BYTES);
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return length > n ? `${out}… (${length} bytes)` : out;
}

/**
 * A `data` trace event whose preview is built the first time `text` is read.
 * The engine makes one per payload chunk while anyone traces (a fleet keeps a
 * ring of recent events by default), and most are never read: building the
 * preview eagerly cost a 32-step string build per chunk. The first bytes are
 * copied now, so a caller that reuses its buffer cannot change the preview,
 * and the event holds 32 bytes, not the chunk. `text` is an own enumerable
 * property (spread and JSON see it), the same string an eager preview gave.
 */
export function dataTraceEvent(dir: TraceEvent['dir'], bytes: Uint8Array, at: number, suffix = ''): TraceEvent {
  const length = bytes.length;
  const head = copyBytes(bytes, 0, PREVIEW_BYTES);
  let text: string | undefined;
  return {
    dir,
    kind: 'data',
    get text(): string {
      text ??= previewOf(head, length) + suffix;
      return text;
    },
    bytes: length,
    at,
  };
}

/** Formats a trace event as one log line, e.g. `13:05:09.123 tx command AT+QFTPSIZE="a.bin"`. */
export function formatTraceEvent(event: TraceEvent): string {
  return `${new Date(event.at).toISOString().slice(11, 23)} ${event.dir} ${event.kind} ${event.text}`;
}
