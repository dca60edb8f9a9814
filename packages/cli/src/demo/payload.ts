import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

/** `size` bytes cycling through every byte value 0x00…0xFF: the binary-safety test payload. */
export function allByteValues(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i & 0xff;
  return bytes;
}

/** Hex sha256 of a buffer. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A `Writable` that hashes what it is given and counts it, without keeping it. */
export class HashingSink extends Writable {
  readonly #hash = createHash('sha256');
  bytes = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#hash.update(chunk);
    this.bytes += chunk.length;
    done();
  }

  /** The digest of everything written so far (call once, after the transfer). */
  digest(): string {
    return this.#hash.digest('hex');
  }
}
