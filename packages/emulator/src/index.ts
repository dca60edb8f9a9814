/**
 * `@cellftp/emulator`: virtual Quectel EC25/BG96, SIMCom SIM7080G, A7670E and SIM7600G, and u-blox
 * SARA-R5/SARA-R410M modems that speak the vendors' AT dialects over a pty, TCP or in memory and do real
 * FTP/FTPS behind them.
 *
 * @packageDocumentation
 */
export { startVirtualModem, type VirtualModem, type VirtualModemOptions } from './start.js';
export type { FaultPlan } from './faults.js';
export { virtualModel, virtualModelNames, virtualModelVariants, type VirtualModelName, type VirtualModelSpec } from './models.js';
export { startTestFtpServer, type RunningTestFtpServer, type TestFtpServerOptions } from './testing/ftp-server.js';
export { createEc25Model } from './ec25/model.js';
export { createSim7080Model } from './sim7080/index.js';
export { createCftpsModel, A7670E_PROFILE, SIM7600G_PROFILE, type CftpsProfile } from './cftps/index.js';
export { createSaraModel, SARA_R5_PROFILE, SARA_R410M_PROFILE, type SaraProfile } from './sara/index.js';
export type { FieldNoise, ModelOptions, ModelTiming, ModemIo, VirtualModemModel } from './model/types.js';
export { LinePacer, type Clock } from './links/index.js';
export { BasicFtpBackend, FtpBackendError, type FtpBackend, type FtpFailure, type FtpFailureKind } from './backend/index.js';
/** The seeded PRNG the fault injection uses, so tests can derive reproducible data from a seed too. */
export { seededRandom } from './common/prng.js';
