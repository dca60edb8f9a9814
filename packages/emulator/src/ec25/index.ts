export { createEc25Model } from './model.js';
export { EC25_BASICS, EC25_STARTUP } from './dialect.js';
export { FTP_ERROR_TEXT, FILE_ERROR_TEXT, REPLY_TO_ERR, failureToCodes } from './codes.js';
