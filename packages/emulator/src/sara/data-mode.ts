import type { SaraContext } from './context.js';
import { FtpCode, protocolError } from './errors.js';

/** Longest remote name (R4-MAN §20.2: 256). */
export const MAX_REMOTE = 256;

/**
 * Before a transfer: active mode (op 6 = 0, the default, R4-MAN §20.1) fails
 * as a data channel that cannot be opened (1,42), since the carrier's NAT
 * keeps the server from reaching the module (IADG: "always set AT+UFTP=6,1");
 * variant `active-reachable` is a network where it works.
 */
export function checkDataMode(ctx: SaraContext): void {
  const active = ctx.ftp.params.mode === 0;
  if (active && !ctx.variant('active-reachable')) throw protocolError(FtpCode.dataChannel);
  ctx.ftp.backend.setDataOptions({ mode: active ? 'active' : 'passive', type: 'binary' });
}
