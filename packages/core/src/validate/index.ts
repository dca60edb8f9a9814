export { atSafeText, remotePathSchema } from './text-rules.js';
export { connectOptionsSchema, ftpOptionsSchema, type ResolvedFtpOptions } from './options.js';
export { validate } from './validate.js';
export { resolveFtpOptions, type FtpOptions } from './ftp-url.js';
