/**
 * @packageDocumentation
 * `@cellftp/ublox`: the cellftp driver for u-blox SARA-R4, SARA-R5 and LARA-R6
 * modules (`AT+UFTP`, `AT+UFTPC`, `AT+URDBLOCK`), each detected from
 * identification. Give `ublox()` to `openModem` from `@cellftp/core`; the
 * `FtpSession` you get is the same as on every other vendor.
 *
 * @example
 * import { openModem } from '@cellftp/core';
 * import { ublox } from '@cellftp/ublox';
 * const modem = await openModem({ path: '/dev/ttyUSB0', drivers: [ublox()] });
 * await modem.connect({ apn: 'iot.example' });
 * const ftp = await modem.ftp({ host: 'ftp.example.com', user: 'u', password: 'p' });
 * await ftp.uploadFrom('report.csv', 'reports/today.csv');
 */
export { ublox, type UbloxDriverOptions } from './driver.js';
export { UFTP_ERRORS, UFTPER_CLASSES, uftperError } from './codes.js';
export { LARA_R6, SARA_R4, SARA_R5, UBLOX_PROFILES, type UbloxDownloadStrategy, type UbloxProfile, type UbloxUploadStrategy } from './profiles.js';
export { LIMITS as UBLOX_LIMITS } from './rules.js';
