import type { PayloadSink } from '@cellftp/core';
import { etget, PING, QUIT_BYTES } from '../commands.js';
import type { SimcomLink } from './link.js';
import { aborted, type Transfer } from './session-lines.js';

/**
 * `AT+FTPETGET=1` (§15.2.25, S-FTPAN §5.15). Abort: the command is not given
 * the signal (the engine would drop the stream's ownership mid-flight);
 * instead the outgoing hook writes `AT+FTPQUIT` into the running stream (the
 * module still reads commands then), which closes it with ETX and reports 80.
 */
export async function etgetDownload(link: SimcomLink, sink: PayloadSink, transfer: Transfer): Promise<void> {
  const { signal } = transfer;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  async function* quitOnAbort(): AsyncGenerator<Uint8Array> {
    if (!signal) return;
    if (!signal.aborted) await Promise.race([done, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
    if (signal.aborted) yield QUIT_BYTES;
  }
  // What streams in after the abort is dropped: the caller gets a true prefix.
  const guarded: PayloadSink = (chunk) => (signal?.aborted ? undefined : sink(chunk));
  const op = etget(guarded, quitOnAbort);
  try {
    await link.runner.run(op);
  } catch (error) {
    // Aborted: the result is 80 (or 0 when the file ended first); the abort is what the caller gets.
    if (!signal?.aborted) throw error;
  } finally {
    finished();
  }
  if (signal?.aborted) {
    // If the file ended before AT+FTPQUIT arrived, its ERROR answer is still on the way: let a bare AT absorb it.
    await link.runner.plain(PING).catch(() => undefined);
    throw aborted(transfer, op.text);
  }
}
