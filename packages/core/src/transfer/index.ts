export { openSource, type ByteSource } from './source.js';
export { openDestination, type ByteDestination } from './destination.js';
export { ProgressHub, TransferMeter } from './progress.js';
export { downloadVerified, type VerifiedDownloadOptions, type VerifiedDownloadResult } from './verified-download.js';
