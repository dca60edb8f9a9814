export type { DataEndReason, DataMode, Expectation, FrameEvent, FrameStep } from './events.js';
export { Tokenizer, type TokenizerOptions } from './tokenizer.js';
export { escapeDle, unescapeDle } from './dle.js';
