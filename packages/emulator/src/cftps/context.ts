/** What the `AT+CFTPS*` handlers share. */
import type { ModemCore } from '../common/modem-core.js';
import type { ModelOptions } from '../model/types.js';
import type { CftpsBearer } from './bearer.js';
import type { CftpsProfile } from './profile.js';
import type { CftpsSession, OperationShape } from './session.js';
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
  /**
   * Runs a session operation (`OK` first, then the result), or with variant
   * `urc-before-ok` the result first for LOGIN, LOGOUT and PWD (S-MAN).
   */
  runSessionOp(name: string, shape: OperationShape, body: () => Promise<string>): void | Promise<void>;
}
