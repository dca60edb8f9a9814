export { MIN_REDACTED_USER, SecretRedactor } from './redact.js';
export { formatTraceEvent, previewBytes, type TraceEvent } from './trace-event.js';
