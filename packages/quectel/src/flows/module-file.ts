import { FtpError, lengthAnnouncedBy, urcFields, type OutgoingData, type PayloadSink } from '@cellftp/core';
import { commands } from '../commands.js';
import { runPlain, type Link } from './runner.js';

/**
 * The module's own files (FILE AN via VENDOR-FACTS §B.4): the listing
 * read-out and the `ufs`/`ram` strategies park FTP data there and move it
 * over the serial line length-framed (`CONNECT <n>`), never by looking for `OK`.
 */

/** Deletes a module file; a missing one (`+CME ERROR: 405`) is fine. */
export async function deleteModuleFile(link: Link, name: string): Promise<void> {
  try {
    await runPlain(link, { text: commands.fdel(name), timeoutMs: 5000 });
  } catch (error) {
    if (!(error instanceof FtpError) || error.vendorCode !== 405) throw error;
  }
}

/** Reads `size` bytes of a module file into `sink` in `chunk`-byte `AT+QFREAD`s; resolves with bytes read. */
export async function readModuleFile(
  link: Link,
  name: string,
  size: number,
  options: { sink: PayloadSink; chunk: number; signal?: AbortSignal | undefined; onBytes?: (n: number) => void },
): Promise<number> {
  // Mode 2 = open read-only, error if absent (VENDOR-FACTS §B.4).
  const opened = await runPlain(link, { text: commands.fopen(name, 2), claims: ['+QFOPEN:'], timeoutMs: 5000 }, options.signal);
  const handle = Number(urcFields(opened.lines[0] ?? '')[0]);
  if (!Number.isSafeInteger(handle)) throw new FtpError('PROTOCOL', `${opened.command}: no file handle in ${JSON.stringify(opened.lines)}`);
  let read = 0;
  try {
    while (read < size) {
      const want = Math.min(options.chunk, size - read);
      const sink: PayloadSink = (bytes) => {
        options.onBytes?.(bytes.length);
        return options.sink(bytes);
      };
      // The signal is checked between reads, never during one: a read cut short would leave its bytes on the line.
      if (options.signal?.aborted) throw new FtpError('ABORTED', `${name}: aborted after ${read} of ${size} bytes`);
      const res = await runPlain(link, {
        text: commands.fread(handle, want),
        timeoutMs: link.opTimeoutMs,
        incoming: { dataAfter: lengthAnnouncedBy('CONNECT', 0), sink },
      });
      if (res.payloadBytes === 0) break;
      read += res.payloadBytes;
    }
  } finally {
    await runPlain(link, { text: commands.fclose(handle), timeoutMs: 5000 }).catch(() => undefined);
  }
  if (read !== size) throw new FtpError('PROTOCOL', `${name}: read ${read} of ${size} bytes from the module file`);
  return read;
}

/** Reads a whole (small) module file into memory. */
export async function readModuleFileBytes(link: Link, name: string, size: number, signal?: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  await readModuleFile(link, name, size, { sink: (b) => void parts.push(Buffer.from(b)), chunk: 64 * 1024, signal });
  return Buffer.concat(parts);
}

/**
 * `AT+QFUPL=<name>,<size>,<timeout>` → `CONNECT` → bytes → `+QFUPL: <size>,<checksum>` → `OK`.
 * The module's size and checksum are checked against what was sent.
 */
export async function uploadModuleFile(
  link: Link,
  name: string,
  size: number,
  data: () => OutgoingData,
  expectedChecksum: () => number,
  signal?: AbortSignal,
): Promise<void> {
  const res = await runPlain(
    link,
    { text: commands.fupl(name, size, 5), claims: ['+QFUPL:'], timeoutMs: link.opTimeoutMs, outgoing: { on: 'CONNECT', data } },
    signal,
  );
  const line = res.lines.find((l) => l.startsWith('+QFUPL:')) ?? '';
  const [got, sum] = urcFields(line);
  if (Number(got) !== size || Number.parseInt(sum ?? '', 16) !== expectedChecksum()) {
    throw new FtpError('PROTOCOL', `${res.command}: module stored ${got} bytes, checksum ${sum}; sent ${size}, checksum ${expectedChecksum().toString(16)}`);
  }
}

/**
 * The FILE AN checksum: 16-bit XOR over big-endian byte pairs, an odd last
 * byte as the high byte (VENDOR-FACTS §B.4). Incremental across chunks.
 */
export class XorChecksum {
  #sum = 0;
  #odd: number | undefined;

  update(bytes: Uint8Array): void {
    let i = 0;
    if (this.#odd !== undefined && bytes.length > 0) {
      this.#sum ^= (this.#odd << 8) | (bytes[0] as number);
      this.#odd = undefined;
      i = 1;
    }
    for (; i + 1 < bytes.length; i += 2) this.#sum ^= ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    if (i < bytes.length) this.#odd = bytes[i] as number;
  }

  get value(): number {
    return this.#odd === undefined ? this.#sum : this.#sum ^ (this.#odd << 8);
  }
}
