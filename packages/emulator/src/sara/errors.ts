/**
 * `AT+UFTPER` → `+UFTPER: <error_class>,<error_code>` (R4-MAN App. A.6): the
 * classes and codes a failed `+UUFTPCR: <op>,0` leaves behind, and how a
 * backend failure becomes one. The manual names the codes, not their
 * triggers: the choices are listed in docs/emulator-sara.md ("Errors").
 */
import { FtpBackendError, type FtpFailure } from '../backend/index.js';

/** Error classes (R4-MAN App. A.6). */
export const FtpClass = { none: 0, protocol: 1, ffs: 4, dns: 5, socket: 6, usage: 8 } as const;

/** Class 1/8 codes (R4-MAN App. A.6.1). */
export const FtpCode = {
  none: 0,
  userMissing: 1,
  passwordMissing: 2,
  serverMissing: 4,
  dirMissing: 5,
  fileMissing: 6,
  wrongState: 10,
  wrongParameter: 11,
  noPsd: 12,
  busy: 21,
  connectFailed: 22,
  timeout: 31,
  notLoggedIn: 33,
  loginIncorrect: 34,
  fileUnavailable: 35,
  folderNotFound: 38,
  aborted: 40,
  dataChannel: 42,
  hostUnresolved: 48,
  secureSocket: 63,
  ffsWrite: 73,
  incomplete: 79,
} as const;

/** One `+UFTPER` pair. */
export interface FtpErrorPair {
  cls: number;
  code: number;
}

export const NO_ERROR: FtpErrorPair = { cls: FtpClass.none, code: FtpCode.none };

/** A failure the module itself decides (state, parameters, local file): carries its pair. */
export class SaraFtpError extends Error {
  constructor(readonly pair: FtpErrorPair) {
    super(`+UFTPER: ${pair.cls},${pair.code}`);
  }
}

export const protocolError = (code: number): SaraFtpError => new SaraFtpError({ cls: FtpClass.protocol, code });
export const usageError = (code: number): SaraFtpError => new SaraFtpError({ cls: FtpClass.usage, code });

/** What the failed operation was about: a 550 to RETR is 35, to CWD 38, otherwise the reply itself. */
export type FailureTarget = 'file' | 'folder' | 'other';

/** Maps a failure to the pair `AT+UFTPER` reports. */
export function pairFor(err: unknown, target: FailureTarget, bytesMoved = 0): FtpErrorPair {
  if (err instanceof SaraFtpError) return err.pair;
  const failure: FtpFailure =
    err instanceof FtpBackendError ? err : { kind: 'closed', message: err instanceof Error ? err.message : String(err) };
  const p = (code: number): FtpErrorPair => ({ cls: FtpClass.protocol, code });
  switch (failure.kind) {
    case 'dns':
      return p(FtpCode.hostUnresolved);
    case 'connect':
      return p(FtpCode.connectFailed);
    case 'login':
      return p(FtpCode.loginIncorrect);
    case 'timeout':
      return p(FtpCode.timeout);
    case 'tls':
      // IADG §8: a blocked FTPS login ends with +UFTPER: 8,63.
      return { cls: FtpClass.usage, code: FtpCode.secureSocket };
    case 'aborted':
      return p(FtpCode.aborted);
    case 'data':
      return p(bytesMoved > 0 ? FtpCode.incomplete : FtpCode.dataChannel);
    case 'closed':
      return p(bytesMoved > 0 ? FtpCode.incomplete : FtpCode.notLoggedIn);
    case 'server': {
      const reply = failure.reply ?? 0;
      // ftp-srv answers a RETR of a missing file with 551.
      if ((reply === 550 || reply === 551) && target === 'file') return p(FtpCode.fileUnavailable);
      if (reply === 550 && target === 'folder') return p(FtpCode.folderNotFound);
      if (reply === 530) return p(FtpCode.notLoggedIn);
      if (reply === 425) return p(FtpCode.dataChannel);
      // App. A.6.1 passes the server's other replies through (421, 426, 450–452, 500–504, 550–553).
      return p(reply > 0 ? reply : FtpCode.notLoggedIn);
    }
  }
}
