import { abortedError, FtpError, lengthAnnouncedBy, urcFields, type OperationRunner, type OutgoingData, type PayloadSink } from '@cellftp/core';
import { commands } from '../commands.js';
import { TIMINGS } from '../vendor.js';

/**
 * The module's own files (FILE AN via VENDOR-FACTS §B.4): the listing
 * read-out and the `ufs`/`ram` strategies park FTP data there and move it
 * over the serial line length-framed (`CONNECT <n>`), never by looking for `OK`.
 */

/** Deletes a module file; a missing one (`+CME ERROR: 405`) is fine. */
export async function deleteModuleFile(runner: OperationRunner, name: string): Promise<void> {
  try {
    await runner.plain({ text: commands.fdel(name), timeoutMs: TIMINGS.fileMs });
  } catch (error) {
    if (!(error instanceof FtpError) || error.vendorCode !== 405) throw error;
  }
}

/** Opens a module file (`AT+QFOPEN`, mode 2 = read-only, error if absent; 1 = create or truncate) → its handle. */
async function openModuleFile(runner: OperationRunner, name: string, mode: number, signal?: AbortSignal): Promise<number> {
  const opened = await runner.plain({ text: commands.fopen(name, mode), claims: ['+QFOPEN:'], timeoutMs: TIMINGS.fileMs }, signal);
  const handle = Number(urcFields(opened.lines[0] ?? '')[0]);
  if (!Number.isSafeInteger(handle)) throw new FtpError('PROTOCOL', `${opened.command}: no file handle in ${JSON.stringify(opened.lines)}`);
  return handle;
}

const closeModuleFile = (runner: OperationRunner, handle: number): Promise<unknown> =>
  runner.plain({ text: commands.fclose(handle), timeoutMs: TIMINGS.fileMs }).catch(() => undefined);

/** Reads `size` bytes of a module file into `sink` in `AT+QFREAD` pieces; resolves with bytes read. */
export async function readModuleFile(runner: OperationRunner, name: string, size: number, sink: PayloadSink, signal?: AbortSignal): Promise<number> {
  const handle = await openModuleFile(runner, name, 2, signal);
  let read = 0;
  try {
    while (read < size) {
      // The signal is checked between reads, never during one: a read cut short would leave its bytes on the line.
      if (signal?.aborted) throw abortedError(`reading ${name}`, read);
      const res = await runner.plain({
        text: commands.fread(handle, Math.min(TIMINGS.readChunkBytes, size - read)),
        timeoutMs: runner.timeoutMs,
        incoming: { dataAfter: lengthAnnouncedBy('CONNECT', 0), sink },
      });
      if (res.payloadBytes === 0) break;
      read += res.payloadBytes;
    }
  } finally {
    await closeModuleFile(runner, handle);
  }
  if (read !== size) throw new FtpError('PROTOCOL', `${name}: read ${read} of ${size} bytes from the module file`);
  return read;
}

/** Reads a whole (small) module file into memory. */
export async function readModuleFileBytes(runner: OperationRunner, name: string, size: number, signal?: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  await readModuleFile(runner, name, size, (b) => void parts.push(Buffer.from(b)), signal);
  return Buffer.concat(parts);
}

/**
 * `AT+QFUPL=<name>,<size>,<timeout>` → `CONNECT` → bytes → `+QFUPL: <size>,<checksum>` → `OK`.
 * The module's size and checksum are checked against what was sent. `AT+QFUPL`
 * needs a size ≥ 1, so an empty file is created with `AT+QFOPEN` mode 1.
 */
export async function uploadModuleFile(
  runner: OperationRunner,
  name: string,
  size: number,
  data: () => OutgoingData,
  expectedChecksum: () => number,
  signal?: AbortSignal,
): Promise<void> {
  if (size === 0) return void (await closeModuleFile(runner, await openModuleFile(runner, name, 1, signal)));
  const res = await runner.plain(
    { text: commands.fupl(name, size, 5), claims: ['+QFUPL:'], timeoutMs: runner.timeoutMs, outgoing: { on: 'CONNECT', data } },
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
