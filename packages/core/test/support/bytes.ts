import { createHash } from 'node:crypto';
import type { FrameEvent } from '../../src/framing/events.js';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits `bytes` at the given sorted cut points. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut > from && cut < bytes.length) {
      pieces.push(bytes.subarray(from, cut));
      from = cut;
    }
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

/** Merges adjacent data events and copies their bytes, so split feeds compare equal to whole feeds. */
export function normalise(events: readonly FrameEvent[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'data') {
      if (last?.type === 'data') last.bytes = concatBytes(last.bytes as Uint8Array, e.bytes);
      else out.push({ type: 'data', bytes: e.bytes.slice() });
    } else out.push({ ...e });
  }
  return out.map((e) => (e.type === 'data' ? { ...e, bytes: Buffer.from(e.bytes as Uint8Array).toString('hex') } : e));
}

/** All 256 byte values, repeated `times`. */
export function allByteValues(times = 1): Uint8Array {
  const out = new Uint8Array(256 * times);
  for (let i = 0; i < out.length; i++) out[i] = i & 0xff;
  return out;
}

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every byte value, many times over, in an order that puts CR, LF, XON/XOFF, ^C, ^D, ^Z and DEL next to each other. */
export function serialPattern(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 167 + (i >> 8)) & 0xff;
  return out;
}
