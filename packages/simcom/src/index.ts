/**
 * @packageDocumentation
 * `@cellftp/simcom`: the cellftp driver for SIMCom SIM7070 / SIM7080 / SIM7090
 * modules (AT+FTP*, AT+CNACT/CNCFG, AT+FTPSSL) and for the LTE families of the
 * AT+CFTPS* set (A7670/A7672/A7608, SIM7670G, SIM7500/SIM7600), each detected
 * from identification. Give `simcom()` to
 * `openModem` from `@cellftp/core`; the `FtpSession` you get is the same as on
 * every other vendor.
 *
 * @example
 * import { openModem } from '@cellftp/core';
 * import { simcom } from '@cellftp/simcom';
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [simcom()] });
 * await modem.connect({ apn: 'iot.example' });
 * const ftp = await modem.ftp({ host: 'ftp.example.com', user: 'u', password: 'p' });
 * await ftp.uploadFrom('report.csv', 'reports/today.csv');
 */
export { simcom, type SimcomDriverOptions } from './driver.js';
export { SIMCOM_FTP_ERRORS, simcomError } from './codes.js';
export {
  DOWNLOAD_STRATEGIES,
  UPLOAD_STRATEGIES,
  LIMITS as SIMCOM_LIMITS,
  type SimcomDownloadStrategy,
  type SimcomUploadStrategy,
} from './vendor.js';
export { A76XX, CFTPS_ERRORS, CFTPS_PROFILES, SIM7600, SIM767X, type CftpsProfile } from './cftps/index.js';
