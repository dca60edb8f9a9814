export { AtEngine, type AtEngineOptions } from './at-engine.js';
export type { AbortFacts, AtCommand, HeadAnnouncement, IncomingAnnouncement, AtResponse, OutgoingData, PayloadSink, RunOptions, TrailerFacts } from './command.js';
export { classifyFinal, type FinalKind } from './finals.js';
export { matchAny, matchLine, urcFields, type LineMatcher } from './matchers.js';
export { escapeSequence, etxAfter, knownLengthAfter, lengthAnnouncedBy, quotedLengthAfter, writableSink, type WritableSink } from './data-helpers.js';
