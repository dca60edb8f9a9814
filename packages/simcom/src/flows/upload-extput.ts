import { AtAbortedError, type ByteSource } from '@cellftp/core';
import { EXT_BLOCK, EXT_RAM_LIMIT, EXTPUT_UART_TIMEOUT_MS } from '../commands.js';
import type { FtpRunner } from '../session/runner.js';
import { abortedError, checkAborted } from './abort.js';

/**
 * `AT+FTPEXTPUT` (AT manual V1.05 §15.2.19, S-FTPAN V1.02 §2.2.3, §5.12):
 * `=1` selects the extended FTPPUT, `=2,<pos>,<len>,<timeout>` copies a block
 * from the UART into module RAM (`+FTPEXTPUT: <pos>,<len>`, raw bytes, `OK`),
 * `AT+FTPPUT=1` uploads the RAM at once (`+FTPPUT: 1,0`, no chunk dialogue),
 * `=0` clears it. Files beyond the RAM (300k, §15.2.23 note; "320k" window)
 * go in rounds, every round after the first appended with FTPPUTOPT "APPE".
 *
 * @returns bytes uploaded; `undefined` when the source is empty (the caller
 * then uses plain FTPPUT: an empty RAM upload is undocumented).
 */
export async function extputUpload(
  runner: FtpRunner,
  source: ByteSource,
  append: boolean,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<number | undefined> {
  let next = await source.read(EXT_BLOCK);
  if (next.length === 0) return undefined;
  await runner.ensureIdle();
  let total = 0;
  let round = 0;
  try {
    while (next.length > 0) {
      await runner.set('FTPPUTOPT', append || round > 0 ? 'APPE' : 'STOR');
      await runner.run({ text: 'AT+FTPEXTPUT=1', timeoutMs: 5000 });
      runner.state.params.set('FTPEXTPUT', 1);
      let staged = 0;
      while (next.length > 0 && staged + next.length <= EXT_RAM_LIMIT) {
        checkAborted(signal, 'AT+FTPEXTPUT=2');
        const block = next;
        await runner.run({
          text: `AT+FTPEXTPUT=2,${staged},${block.length},${EXTPUT_UART_TIMEOUT_MS}`,
          timeoutMs: EXTPUT_UART_TIMEOUT_MS + 10_000,
          outgoing: { on: /^\+FTPEXTPUT: ?\d+,\d+$/, data: () => block },
        });
        staged += block.length;
        onBytes(block.length);
        next = await source.read(Math.min(EXT_BLOCK, EXT_RAM_LIMIT - staged) || EXT_BLOCK);
      }
      checkAborted(signal, 'AT+FTPPUT=1');
      try {
        await runner.simple('FTPPUT', 'AT+FTPPUT=1', signal ? { signal } : {});
      } catch (error) {
        if (!(error instanceof AtAbortedError)) throw error;
        // The module keeps uploading its RAM unless told to stop; ensureIdle() later waits for the 80.
        await runner.quit();
        throw abortedError('AT+FTPPUT=1');
      }
      total += staged;
      round++;
      // Clear the RAM before the next round: a shorter round must not re-send the previous tail.
      await runner.run({ text: 'AT+FTPEXTPUT=0', timeoutMs: 5000 });
      runner.state.params.set('FTPEXTPUT', 0);
    }
    return total;
  } finally {
    if (runner.state.params.get('FTPEXTPUT') !== 0) {
      runner.state.params.delete('FTPEXTPUT');
      await runner.run({ text: 'AT+FTPEXTPUT=0', timeoutMs: 5000 }).catch(() => undefined);
      runner.state.params.set('FTPEXTPUT', 0);
    }
  }
}
