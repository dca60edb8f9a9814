import type { ModemCore } from '../common/modem-core.js';
import type { ModelOptions } from '../model/types.js';
import type { QuectelDialect } from './dialect.js';
import type { Ec25FtpSession } from './ftp-session.js';
import type { SslContexts } from './ssl.js';
import type { FileStore } from './storage.js';
import type { UrcPort } from './urccfg.js';

/** Everything the EC25's command handlers share. */
export interface Ec25Context {
  core: ModemCore;
  options: ModelOptions;
  dialect: QuectelDialect;
  cfg: FtpConfig;
  contexts: Map<number, PdpContext>;
  ssl: SslContexts;
  store: FileStore;
  session: Ec25FtpSession;
  /** `ATS12`: escape guard time in 20 ms units (default 50 = 1 s, EC2x AT manual; VENDOR-FACTS §B.7). */
  s12: number;
  /** `AT+QURCCFG="urcport"`: kept in NVM, so a reboot does not reset it. */
  urcPort: UrcPort;
}

/**
 * The EC25's volatile AT+QFTPCFG configuration (nothing is saved: AN §2.1 "will not be saved"): `fileType` 0
 * binary / 1 ASCII, `transMode` 0 active / 1 passive, `rspTimeout` 20–180 s, `sslType` 0 FTP / 1 implicit
 * FTPS / 2 explicit FTPS.
 */
export interface FtpConfig {
  user: string;
  password: string;
  fileType: number;
  transMode: number;
  contextId: number;
  rspTimeout: number;
  sslType: number;
  sslCtxId: number;
  dataAddress: number;
  dataTimeout: number;
  restEnable: number;
}

/** Defaults per AN §2.1 and Quectel's driver header (VENDOR-FACTS §B.2). */
export function defaultFtpConfig(): FtpConfig {
  return { user: '', password: '', fileType: 0, transMode: 0, contextId: 1, rspTimeout: 90, sslType: 0, sslCtxId: 0, dataAddress: 0, dataTimeout: 25, restEnable: 1 };
}

/** One PDP context (AT+QICSGP / AT+QIACT). */
export interface PdpContext {
  type: number;
  apn: string;
  user: string;
  password: string;
  auth: number;
  active: boolean;
}

/** `+QFTPSTAT` values (AN §2.17). */
export const FtpStat = { opening: 0, idle: 1, transferring: 2, closing: 3, closed: 4 } as const;
export type FtpStatValue = (typeof FtpStat)[keyof typeof FtpStat];
