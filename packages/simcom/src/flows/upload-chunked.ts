import type { ByteSource } from '@cellftp/core';
import { PUT_END, putAllowance, putWrite } from '../commands.js';
import type { SimcomLink } from './link.js';
import { SessionLines, type Transfer } from './session-lines.js';
import { plainPut } from './upload-etput.js';

/**
 * The `AT+FTPPUT` chunk dialogue (§15.2.15, S-FTPAN §5.2/5.6). Progress
 * counts a write when the module asks for the next one (or confirms the
 * file): then it has sent it on, not merely read it from the UART.
 */
export async function chunkedUpload(link: SimcomLink, source: ByteSource, transfer: Transfer, sent: (n: number) => void): Promise<void> {
  await plainPut(link);
  const { lines, first } = await SessionLines.open(link, 'FTPPUT', transfer);
  let held: Uint8Array = new Uint8Array(0);
  try {
    let ready = first;
    while (ready.vendorCode === 1) {
      if (transfer.signal?.aborted) throw await lines.abort();
      const max = putAllowance(ready.values);
      const chunk = held.length > 0 ? held.subarray(0, max) : await source.read(max);
      held = held.length > 0 ? held.subarray(chunk.length) : held;
      if (chunk.length === 0) {
        await link.runner.plain(PUT_END);
        await lines.next();
        return;
      }
      let confirmed = 0;
      await link.runner.plain(
        putWrite(chunk.length, link.runner.timeoutMs, (n) => {
          confirmed = n;
          // Whatever the module did not confirm goes into the next write.
          held = Buffer.concat([chunk.subarray(n), held]);
          return chunk.subarray(0, n);
        }),
      );
      ready = await lines.next();
      sent(confirmed);
    }
  } finally {
    lines.close();
  }
}
