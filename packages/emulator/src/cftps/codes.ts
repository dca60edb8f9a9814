/**
 * The `<errcode>` table of the `AT+CFTPS*` set (A-MAN §17.3.1 = S-MAN §12.3.1
 * = A-AN §4.1) and how a backend failure becomes one of its codes. The
 * manuals name the codes, not their triggers: the choices are listed in
 * docs/emulator-a76xx.md ("Error codes").
 */
import { FtpBackendError, type FtpFailure } from '../backend/index.js';

export const CftpsCode = {
  ok: 0,
  sslAlert: 1,
  unknown: 2,
  busy: 3,
  serverClosed: 4,
  timeout: 5,
  transferFailed: 6,
  memory: 7,
  parameter: 8,
  rejected: 9,
  network: 10,
  state: 11,
  dns: 12,
  socketCreate: 13,
  socketConnect: 14,
  socketClose: 15,
  sslClosed: 16,
  fileError: 17,
  /** "server response / connection timed out": log out and in again. */
  timedOut: 421,
} as const;

export type CftpsCodeValue = (typeof CftpsCode)[keyof typeof CftpsCode];

/** What the module was doing when the backend failed. */
export interface CftpsFailureContext {
  phase: 'login' | 'command' | 'transfer';
  /** Payload bytes already moved: a data failure before the first byte is a connection that never opened. */
  bytesMoved?: number;
  /** The command names an existing file or directory (GET, SIZE, DELE, CWD, RMD, LIST): a 550 is 17. */
  namesExisting?: boolean;
}

/** Maps a backend failure to the code the module prints. */
export function cftpsCodeFor(err: unknown, ctx: CftpsFailureContext): CftpsCodeValue {
  const failure: FtpFailure =
    err instanceof FtpBackendError ? err : { kind: 'closed', message: err instanceof Error ? err.message : String(err) };
  switch (failure.kind) {
    case 'dns':
      return CftpsCode.dns;
    case 'connect':
      return CftpsCode.socketConnect;
    case 'timeout':
      return CftpsCode.timeout;
    case 'tls':
      return CftpsCode.sslAlert;
    case 'aborted':
      return CftpsCode.transferFailed;
    case 'login':
      return CftpsCode.rejected;
    case 'data':
      // A-AN / field (LilyGo-Modem-Series #320): a data connection that never opened is 14, a broken one 6.
      return (ctx.bytesMoved ?? 0) === 0 ? CftpsCode.socketConnect : CftpsCode.transferFailed;
    case 'server':
      if (failure.reply === 421) return CftpsCode.timedOut;
      if (failure.reply === 425) return CftpsCode.socketConnect;
      if (failure.reply === 426) return CftpsCode.transferFailed;
      // 550 "no such file"; ftp-srv answers a RETR of a missing file with 551.
      if ((failure.reply === 550 || failure.reply === 551) && ctx.namesExisting) return CftpsCode.fileError;
      return CftpsCode.rejected;
    case 'closed':
      return ctx.phase === 'transfer' && (ctx.bytesMoved ?? 0) > 0 ? CftpsCode.transferFailed : CftpsCode.serverClosed;
  }
}
