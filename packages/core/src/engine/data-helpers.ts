import type { Writable } from 'node:stream';
import type { DataMode } from '../framing/events.js';
import type { AtCommand, HeadAnnouncement, PayloadSink } from './command.js';
import { matchLine, urcFields, type LineMatcher } from './matchers.js';

/**
 * A `dataAfter` for payloads announced as `<prefix><n>` in one field of a
 * response line: `+FTPGET: 2,<n>` (field 1), `+FTPEXTGET: 3,<n>` (field 1),
 * `CONNECT <n>` (field 0 after the word).
 *
 * @example
 * incoming: { dataAfter: lengthAnnouncedBy('+FTPGET: 2,', 1) }
 */
export function lengthAnnouncedBy(prefix: LineMatcher, field: number): (line: string) => DataMode | undefined {
  return (line) => {
    if (!matchLine(prefix, line)) return undefined;
    const raw = line.includes(':') ? urcFields(line)[field] : line.split(/\s+/)[field + 1];
    const length = Number(raw);
    return Number.isSafeInteger(length) && length >= 0 ? { kind: 'exact', length } : undefined;
  };
}

/**
 * A mid-line head for payloads announced as `<prefix>[ ]<fields…>,<n>,"`,
 * `<n>` being the last number before the opening quote: u-blox
 * `+URDBLOCK: "<name>",<n>,"` (SARA-R4 AT manual §16.5) and
 * `+UUFTPCD: <op>,<n>,"` (§20.2.3). Quoted fields before `<n>` are skipped
 * whole, so a file name such as `"a,5,"` is not taken for a head.
 *
 * @example
 * incoming: { dataAfterHead: quotedLengthAfter('+URDBLOCK:') }
 */
export function quotedLengthAfter(prefix: string): HeadAnnouncement {
  const head = prefix.trimEnd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^${head} ?(?:(?:[^"]|"[^"]*")*,)?(\\d+),"$`);
  return {
    match,
    mode: (text) => {
      const length = Number(match.exec(text)?.[1]);
      return Number.isSafeInteger(length) ? { kind: 'quoted', length } : undefined;
    },
  };
}

/** A `dataAfter` for a data phase whose length the host already knows (Quectel ranged `CONNECT`). */
export function knownLengthAfter(trigger: LineMatcher, length: number): (line: string) => DataMode | undefined {
  return (line) => (matchLine(trigger, line) ? { kind: 'exact', length } : undefined);
}

/** A `dataAfter` for ETX-terminated, DLE-escaped transparent data after `trigger`. */
export function etxAfter(trigger: LineMatcher): (line: string) => DataMode | undefined {
  return (line) => (matchLine(trigger, line) ? { kind: 'etx' } : undefined);
}

/** A {@link PayloadSink} over a `Writable` that can also say when every chunk was processed. */
export interface WritableSink extends PayloadSink {
  /** Resolves once the Writable has processed (called back for) every chunk written so far. */
  flushed(): Promise<void>;
}

/**
 * A payload sink that writes into a Node `Writable`, honouring its
 * backpressure: when `write()` returns false the engine pauses the transport
 * until `drain`, so a slow disk never makes the SDK buffer a whole file.
 */
export function writableSink(writable: Writable): WritableSink {
  let pending = 0;
  let failure: Error | undefined;
  let waiters: Array<() => void> = [];
  const settleWaiters = (): void => {
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };
  const sink = (chunk: Uint8Array): Promise<void> | undefined => {
    if (writable.destroyed) return Promise.reject(new Error('destination closed'));
    pending++;
    const accepted = writable.write(chunk, (error) => {
      pending--;
      if (error) failure = error;
      if (pending === 0) settleWaiters();
    });
    if (accepted) return undefined;
    return new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        writable.off('drain', onDrain);
        writable.off('error', onError);
        writable.off('close', onClose);
      };
      const onDrain = (): void => {
        cleanup();
        resolve();
      };
      const onError = (err: Error): void => {
        cleanup();
        reject(err);
      };
      const onClose = (): void => {
        cleanup();
        reject(new Error('destination closed'));
      };
      writable.on('drain', onDrain);
      writable.on('error', onError);
      writable.on('close', onClose);
    });
  };
  return Object.assign(sink, {
    flushed: () =>
      new Promise<void>((resolve, reject) => {
        const done = (): void => (failure ? reject(failure) : resolve());
        if (pending === 0) done();
        else waiters.push(done);
      }),
  });
}

/**
 * The `+++` escape from data mode to command mode, with guard times (Quectel
 * AT manual §3.2 / ATS12: no byte for ≥ 1 s before, `+++`, none for ≥ 1 s
 * after; the module then answers `OK`). The engine waits out the leading guard
 * on its scheduler; the trailing one is the module's silence before `OK`.
 */
export function escapeSequence(guardMs = 1000): AtCommand {
  return { text: '+++', raw: true, guardMs, timeoutMs: guardMs * 2 + 3000 };
}
