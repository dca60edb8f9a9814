import { AtAbortedError, escapeDle, refusedAsUnsupported, type ByteSource } from '@cellftp/core';
import { ETX, etputStream, STREAM_CHUNK } from '../commands.js';
import type { SimcomLink } from './link.js';
import { SessionLines, type Transfer } from './session-lines.js';

/**
 * The `AT+FTPETPUT` stream (§15.2.24, S-FTPAN §5.14). The protocol confirms
 * nothing per chunk: progress counts what the serial port took. An abort ends
 * the stream early with the ETX, then AT+FTPQUIT: the remote file may be left
 * partial, as after any interrupted STOR.
 */
export async function etputUpload(link: SimcomLink, source: ByteSource, transfer: Transfer, sent: (n: number) => void): Promise<void> {
  const { signal } = transfer;
  await plainPut(link);
  const { lines } = await SessionLines.open(link, 'FTPETPUT', transfer);
  try {
    async function* stream(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const chunk = await source.read(STREAM_CHUNK);
        if (chunk.length === 0) break;
        yield escapeDle(chunk);
        // The engine asks for the next chunk once this one is written.
        sent(chunk.length);
      }
      yield ETX;
    }
    let quitSent = false;
    try {
      await link.runner.plain(etputStream(link.runner.timeoutMs, stream), signal);
    } catch (error) {
      if (!(error instanceof AtAbortedError && signal?.aborted)) throw error;
      // Written: the command's abort facts already ended the stream (ETX) and sent AT+FTPQUIT.
      quitSent = error.payloadBytes !== undefined;
    }
    if (signal?.aborted) throw await lines.abort(quitSent);
    await lines.next();
  } finally {
    lines.close();
  }
}

/**
 * FTPEXTPUT=0 selects the plain FTPPUT data path for ETPUT and chunked writes.
 * A firmware without the extended commands refuses it: its FTPPUT is plain anyway.
 */
export async function plainPut(link: SimcomLink): Promise<void> {
  await link.set('FTPEXTPUT', 0).catch((error: unknown) => {
    if (!refusedAsUnsupported(error)) throw error;
    link.module.params.set('FTPEXTPUT', 0);
  });
}
