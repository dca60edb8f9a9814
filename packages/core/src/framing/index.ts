export type { DataEndReason, DataMode, Expectation, FrameEvent, FrameStep } from './events.js';
export { Tokenizer, type TokenizerOptions } from './tokenizer.js';
export { stuffBytes, UnstuffStream, type UnstuffedChunk } from './byte-stuffing.js';
export { escapeDle, unescapeDle } from './dle.js';
export { escapeEtxSub, EtxSubDecoder, SUB_END, unescapeEtxSub, type EtxSubChunk } from './etx-sub.js';
