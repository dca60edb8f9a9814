export { createEc25Model } from './model.js';
export { EC25_IDENTITY, EC25_STARTUP } from './identity.js';
export { FTP_ERROR_TEXT, FILE_ERROR_TEXT, REPLY_TO_ERR, failureToCodes } from './codes.js';
