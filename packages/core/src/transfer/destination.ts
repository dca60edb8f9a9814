import { createWriteStream, existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { writableSink } from '../engine/data-helpers.js';
import type { PayloadSink } from '../engine/command.js';
import type { DownloadDestination } from '../session/types.js';

/** An opened download destination. */
export interface ByteDestination {
  readonly sink: PayloadSink;
  /**
   * Resolves once the destination has processed every chunk and, for files the
   * SDK opened, closed them. A caller's own Writable is left open.
   */
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
  const sink = writableSink(stream);
  return {
    sink,
    async finish() {
      // Every chunk handed over has been processed before the download resolves.
      await sink.flushed();
      if (!owned) return;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
    },
  };
}
