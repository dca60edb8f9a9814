export { openModem } from './open-modem.js';
export { identify, isIdentificationLine } from './detect/identify.js';
export { DEFAULT_READY_TIMEOUT_MS, synchronise, type SynchroniseOptions } from './detect/synchronise.js';
export { isUnsolicited, UNSOLICITED_LINES, type UnsolicitedLine } from './unsolicited.js';
export type {
  ConnectOptions,
  Modem,
  ModemDriver,
  ModemIdentity,
  ModemInfo,
  OpenModemOptions,
  VendorModem,
} from './types.js';
