const slice = Uint8Array.prototype.slice;

/**
 * A copy of `bytes[start, end)` that owns its memory. `Buffer#slice` (what a
 * Node stream's chunk has) returns a view, unlike `Uint8Array#slice`: bytes
 * kept past the call from a chunk the caller may reuse must be copied this way.
 */
export function copyBytes(bytes: Uint8Array, start?: number, end?: number): Uint8Array {
  return slice.call(bytes, start, end);
}
