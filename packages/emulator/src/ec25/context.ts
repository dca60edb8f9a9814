import type { ModemCore } from '../common/modem-core.js';
import type { ModelOptions } from '../model/types.js';
import type { QuectelDialect } from './dialect.js';
import type { Ec25FtpSession } from './ftp-session.js';
import type { SslContexts } from './ssl.js';
import type { FtpConfig, PdpContext } from './state.js';
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
