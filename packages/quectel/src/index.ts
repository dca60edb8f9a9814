/**
 * @packageDocumentation
 * cellftp driver for Quectel EC2x / EG9x / EG2x-G / EM05 modules: the
 * vendor-neutral `FtpSession` over `AT+QFTP*`, `AT+QI*`, `AT+QF*` and
 * `AT+QSSLCFG`, following Quectel's FTP(S) Application Note v1.1.
 *
 * @example
 * import { openModem } from '@cellftp/core';
 * import { quectel } from '@cellftp/quectel';
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [quectel()] });
 * await modem.connect({ apn: 'internet' });
 * const ftp = await modem.ftp({ host: 'ftp.example.com', user: 'u', password: 'p' });
 * await ftp.uploadFrom('report.csv', 'in/report.csv');
 * await ftp.close();
 */
export { quectel, type QuectelDriverOptions } from './driver.js';
export { STRATEGIES, type QuectelStrategy } from './vendor.js';
export { QFTP_ERRORS, SERVER_REPLIES, FILE_ERRORS, quectelError } from './codes.js';
