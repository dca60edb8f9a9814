import { escapeDle, type ByteSource } from '@cellftp/core';
import { parseSessionUrc } from '../commands.js';
import { MANUAL_QUIT, simcomError } from '../codes.js';
import type { FtpRunner } from '../session/runner.js';
import { abortedError, quitSession } from './abort.js';
import { sessionResults } from './session-results.js';

const ETX = Uint8Array.of(0x03);
/** Bytes taken from the source per write in the transparent stream. */
const STREAM_CHUNK = 16 * 1024;

/**
 * `AT+FTPETPUT` (AT manual V1.05 §15.2.24, S-FTPAN §5.14): `=1` opens the
 * session (`+FTPETPUT: 1,1`), `=2` switches to data mode (`+FTPETPUT: 2,1`);
 * the host streams the file with every 0x03 and 0x10 preceded by DLE (core's
 * `escapeDle`) and ends it with one bare ETX; `OK`, then `+FTPETPUT: 1,0`.
 * An abort ends the stream early with the ETX, then AT+FTPQUIT: the remote
 * file may be left partial, as after any interrupted STOR.
 */
export async function etputUpload(runner: FtpRunner, source: ByteSource, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<number> {
  const open = 'AT+FTPETPUT=1';
  await runner.ensureIdle();
  for (let attempt = 0; ; attempt++) {
    const results = sessionResults(runner, 'FTPETPUT', open, signal);
    const { urcs } = results;
    const next = async (): Promise<number> => parseSessionUrc(await results.next()).code;
    try {
      await runner.run({ text: open, timeoutMs: 10_000 });
      const code = await next();
      if (code !== 1) {
        if (await runner.busyRetry(code, attempt)) continue;
        throw simcomError(code, open);
      }
      let total = 0;
      async function* stream(): AsyncGenerator<Uint8Array> {
        for (;;) {
          if (signal?.aborted) break;
          const chunk = await source.read(STREAM_CHUNK);
          if (chunk.length === 0) break;
          yield escapeDle(chunk);
          total += chunk.length;
          onBytes(chunk.length);
        }
        yield ETX;
      }
      await runner.run({ text: 'AT+FTPETPUT=2', timeoutMs: runner.timeoutMs, outgoing: { on: /^\+FTPETPUT: ?2,1$/, data: () => stream() } });
      if (signal?.aborted) throw await quitSession(runner, urcs, open);
      const result = await next();
      if (result === MANUAL_QUIT) throw abortedError(open);
      if (result !== 0) throw simcomError(result, open);
      return total;
    } finally {
      urcs.close();
    }
  }
}
