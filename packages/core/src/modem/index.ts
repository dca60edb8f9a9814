export { openModem } from './open-modem.js';
export { identify, synchronise } from './identify.js';
export type {
  ConnectOptions,
  Modem,
  ModemDriver,
  ModemIdentity,
  ModemInfo,
  OpenModemOptions,
  VendorModem,
} from './types.js';
