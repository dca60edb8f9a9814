/** What the SARA handlers share. */
import type { ModemCore } from '../common/modem-core.js';
import type { ModelOptions } from '../model/types.js';
import type { SaraBearer } from './bearer.js';
import type { FlashStore } from './flash-store.js';
import type { SaraFtp } from './ftp-session.js';
import type { SaraProfile } from './profile.js';

export interface SaraContext {
  core: ModemCore;
  options: ModelOptions;
  profile: SaraProfile;
  ftp: SaraFtp;
  bearer: SaraBearer;
  fs: FlashStore;
  /** `ATS12`: escape guard time in 1/50 s (R4-MAN §10.19, default 50 = 1 s). */
  s12: number;
  /** Data phases that hold the command queue: a restart ends them at once (they print nothing more). */
  cancels: Set<() => void>;
  /** Whether the model was started with firmware variant `name`. */
  variant(name: string): boolean;
}

/** `+CME ERROR: <text>` for the file-system errors, whose numbers were not read (digest §9 [NF]); `ERROR` under `AT+CMEE=0`. */
export function cmeText(ctx: SaraContext, text: string): void {
  const out = ctx.core.out;
  if (out.cmee === 0) return out.error();
  out.respond([], `+CME ERROR: ${text}`);
}
