/** What the `AT+CFTPS*` handlers share. */
import type { ModemCore } from '../common/modem-core.js';
import type { ModelOptions } from '../model/types.js';
import type { CftpsBearer } from './bearer.js';
import type { CftpsProfile } from './profile.js';
import type { CftpsSession } from './session.js';
import type { CftpsSsl } from './ssl.js';

export interface CftpsContext {
  core: ModemCore;
  options: ModelOptions;
  profile: CftpsProfile;
  session: CftpsSession;
  bearer: CftpsBearer;
  ssl: CftpsSsl;
  /** Whether the model was started with firmware variant `name`. */
  variant(name: string): boolean;
}
