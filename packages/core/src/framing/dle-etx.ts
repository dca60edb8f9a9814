import type { FrameEvent } from './events.js';

const ETX = 0x03;
const DLE = 0x10;

/** Where an `etx` data phase stands: a DLE was the last byte of the previous chunk. */
export interface EtxState {
  afterDle: boolean;
}

/** One step of an `etx` data phase: its event (none for a lone trailing DLE), where it ended, and whether the phase is over. */
export interface EtxStep {
  readonly event: FrameEvent | undefined;
  readonly end: number;
  readonly done: boolean;
}

/**
 * Reads SIMCom's transparent `AT+FTPETGET` stream from `bytes[from]`: DLE
 * escapes the next byte (DLE ETX → ETX, DLE DLE → DLE), a bare ETX ends the
 * data (AT manual V1.05 §15.2.25). Runs of plain bytes come out as one view.
 */
export function readDleEtx(bytes: Uint8Array, from: number, state: EtxState): EtxStep {
  if (state.afterDle) {
    state.afterDle = false;
    return { event: { type: 'data', bytes: bytes.subarray(from, from + 1) }, end: from + 1, done: false };
  }
  let i = from;
  while (i < bytes.length && bytes[i] !== DLE && bytes[i] !== ETX) i++;
  if (i > from) return { event: { type: 'data', bytes: bytes.subarray(from, i) }, end: i, done: false };
  if (bytes[i] === ETX) return { event: { type: 'data-end', reason: 'etx' }, end: i + 1, done: true };
  if (i + 1 < bytes.length) return { event: { type: 'data', bytes: bytes.subarray(i + 1, i + 2) }, end: i + 2, done: false };
  state.afterDle = true;
  return { event: undefined, end: i + 1, done: false };
}
