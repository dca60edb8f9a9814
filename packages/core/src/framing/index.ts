export type { DataEndReason, DataMode, Expectation, FrameEvent } from './events.js';
export { Tokenizer, type TokenizerOptions } from './tokenizer.js';
export { escapeDle, unescapeDle } from './dle.js';
