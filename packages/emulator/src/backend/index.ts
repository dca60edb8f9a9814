export { BasicFtpBackend } from './ftp-backend.js';
export {
  FtpBackendError,
  type ByteSink,
  type DownloadOptions,
  type FtpBackend,
  type FtpConnectOptions,
  type FtpFailure,
  type FtpFailureKind,
  type TransferHandle,
  type UploadOptions,
} from './types.js';
