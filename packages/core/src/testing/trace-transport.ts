import { share, tap, type Observable } from 'rxjs';
import type { ByteTransport } from '../transport/types.js';

/** One chunk that crossed a traced transport. */
export interface WireRecord {
  /** `tx`: written by the host; `rx`: received from the modem. */
  readonly dir: 'tx' | 'rx';
  /** Milliseconds from the `now` clock (default `Date.now`, so fake timers apply). */
  readonly at: number;
  /** The exact bytes, copied. */
  readonly bytes: Uint8Array;
}

/** Options for {@link traceTransport}. */
export interface TraceTransportOptions {
  /** The clock stamped on each record; default `Date.now`. */
  readonly now?: () => number;
  /** Called for every record as it happens (e.g. to collect only the writes). */
  readonly onRecord?: (record: WireRecord) => void;
  /** Most records kept in `records`; older ones are dropped; 0 keeps none (use `onRecord`). Default 100 000. */
  readonly maxRecords?: number;
  /** Record only one direction, e.g. `'tx'` to see the host's writes without copying a long download. */
  readonly only?: WireRecord['dir'];
}

/** A transport that records every byte in and out; see {@link traceTransport}. */
export interface TracedTransport extends ByteTransport {
  /** Every chunk in both directions, in order. */
  readonly records: readonly WireRecord[];
  /** All bytes the host wrote, concatenated. */
  written(): Uint8Array;
  /** All bytes received from the modem, concatenated. */
  received(): Uint8Array;
  /** The records as text, one per line: `+<ms> tx AT+CSQ\r` with non-printables as `\xNN`. */
  format(): string;
  /** Forgets the records so far (e.g. between the steps of a test). */
  clear(): void;
}

/**
 * Wraps any {@link ByteTransport} and records every byte in and out,
 * timestamped: the wire as the modem sees it, before any engine redaction.
 * Tests assert exact bytes on it instead of hand-writing a spy.
 *
 * @example
 * const traced = traceTransport(vm.transport);
 * const modem = await openModem({ transport: traced, drivers: [quectel()] });
 * await modem.connect({ apn: 'internet' });
 * expect(Buffer.from(traced.written()).toString('latin1')).toContain('AT+QICSGP=1,1,"internet"');
 * console.log(traced.format()); // +0 tx AT\r  /  +3 rx \r\nOK\r\n  / …
 */
export function traceTransport(inner: ByteTransport, options: TraceTransportOptions = {}): TracedTransport {
  const now = options.now ?? Date.now;
  const max = options.maxRecords ?? 100_000;
  let records: WireRecord[] = [];
  const record = (dir: WireRecord['dir'], bytes: Uint8Array): void => {
    if (options.only !== undefined && options.only !== dir) return;
    const entry: WireRecord = { dir, at: now(), bytes: bytes.slice() };
    records.push(entry);
    if (records.length > max) records.splice(0, records.length - max);
    options.onRecord?.(entry);
  };
  // Shared so that two subscribers do not record each chunk twice.
  const data$: Observable<Uint8Array> = inner.data$.pipe(
    tap((chunk) => record('rx', chunk)),
    share(),
  );
  const joined = (dir: WireRecord['dir']): Uint8Array => concat(records.filter((r) => r.dir === dir).map((r) => r.bytes));
  return {
    data$,
    write: (bytes) => {
      record('tx', bytes);
      return inner.write(bytes);
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    close: () => inner.close(),
    get closed() {
      return inner.closed;
    },
    description: `traced ${inner.description}`,
    get records() {
      return records;
    },
    written: () => joined('tx'),
    received: () => joined('rx'),
    format: () => {
      const t0 = records[0]?.at ?? 0;
      return records.map((r) => `+${r.at - t0} ${r.dir} ${printable(r.bytes)}`).join('\n');
    },
    clear: () => {
      records = [];
    },
  };
}

/** Bytes as text: printable ASCII as is, CR/LF as `\r`/`\n`, everything else as `\xNN`. */
export function printable(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x0d) out += '\\r';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
