export { FtpError, FTP_ERROR_CODES, type FtpErrorCode, type FtpErrorDetails } from './ftp-error.js';
export {
  AtAbortedError,
  AtCommandError,
  AtTimeoutError,
  ResponseOverflowError,
  TransportClosedError,
} from './engine-errors.js';
