export type {
  DownloadDestination,
  DownloadOptions,
  FileInfo,
  FtpCapabilities,
  FtpSession,
  TransferProgress,
  TransferResult,
  UploadOptions,
  UploadSource,
} from './types.js';
export type { DownloadContext, FtpOps, OpContext, UploadContext, VendorLimits } from './ftp-ops.js';
export { FtpSessionImpl } from './ftp-session-impl.js';
export { parseFtpTime, parseListing } from './listing.js';
export { remotePath } from './remote-path.js';
export { OpLock } from './op-lock.js';
