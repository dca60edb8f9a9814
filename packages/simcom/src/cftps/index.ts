export { CftpsModem } from './modem.js';
export { A76XX, CFTPS_PROFILES, cftpsProfileOf, SIM7600, SIM767X, type CftpsProfile } from './profiles.js';
export { CFTPS_ERRORS, CFTPS_CODES } from './codes.js';
