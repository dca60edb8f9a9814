export { openSource, type ByteSource } from './source.js';
export { openDestination, type ByteDestination } from './destination.js';
export { ProgressHub, TransferMeter } from './progress.js';
