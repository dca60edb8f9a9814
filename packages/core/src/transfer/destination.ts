import { createWriteStream, existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { writableSink } from '../engine/data-helpers.js';
import type { PayloadSink } from '../engine/command.js';
import type { DownloadDestination } from '../session/types.js';

/** An opened download destination. */
export interface ByteDestination {
  readonly sink: PayloadSink;
  /** Flushes and, for files the SDK opened, closes. A caller's own Writable is left open. */
  finish(): Promise<void>;
}

/**
 * Opens a local path or wraps a `Writable`. For a path with `startAt > 0` the
 * file is written from that offset (basic-ftp's resume semantics), keeping the
 * bytes already there.
 */
export async function openDestination(destination: DownloadDestination, startAt: number): Promise<ByteDestination> {
  if (typeof destination !== 'string') return wrap(destination, false);
  const resume = startAt > 0 && existsSync(destination);
  const file = createWriteStream(destination, resume ? { flags: 'r+', start: startAt } : { flags: 'w' });
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  return wrap(file, true);
}

function wrap(stream: Writable, owned: boolean): ByteDestination {
  return {
    sink: writableSink(stream),
    finish: () =>
      new Promise<void>((resolve, reject) => {
        if (!owned) {
          // Wait until everything written so far is flushed, without ending the caller's stream.
          if (!stream.writableNeedDrain) return resolve();
          stream.once('drain', () => resolve());
          stream.once('error', reject);
          return;
        }
        stream.once('error', reject);
        stream.end(() => resolve());
      }),
  };
}
