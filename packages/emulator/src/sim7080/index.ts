/**
 * The virtual SIMCom SIM7080G (AT manual V1.05 chapter 15, FTP application notes V1.01/V1.02). See
 * docs/emulator-sim7080g.md.
 */
export { createSim7080Model } from './model.js';
export { DEFAULT_TUNING, type Sim7080Extras, type Sim7080Tuning } from './context.js';
export { FtpCode, type FtpCodeValue } from './errors.js';
export { stuff, unstuffer, DLE, ETX } from './et-sessions.js';
