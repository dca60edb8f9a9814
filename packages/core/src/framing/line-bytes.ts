const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * Index of the first CR or LF at or after `start` (or `"` too, when `quote`:
 * a mid-line payload head ends there), or -1.
 */
export function findTerminator(chunk: Uint8Array, start: number, quote: boolean): number {
  const cr = chunk.indexOf(CR, start);
  const lf = chunk.indexOf(LF, start);
  let end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
  if (quote) {
    const q = chunk.indexOf(QUOTE, start);
    if (q >= 0 && (end < 0 || q < end)) end = q;
  }
  return end;
}

/** Joins `parts` (of `length` bytes in all); a single part is returned as it is. */
export function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && (parts[0] as Uint8Array).length === length) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
