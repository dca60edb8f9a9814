import { createHash } from 'node:crypto';
import { seededRandom } from '../../src/common/prng.js';

/** Hex sha256 of `bytes`. */
export const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `n` reproducible random bytes from `seed`. */
export const noise = (n: number, seed: number): Buffer => {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
};
