/**
 * The SIM7080 FTP `<error>` table and how a backend failure becomes one of its codes. The table is AT manual
 * V1.05 §15.2.14 (`AT+FTPGET` defined values); codes 90–94 were added in manual V1.04 (VENDOR-FACTS A.5).
 */
import { FtpBackendError } from '../backend/index.js';

/** SIMCom FTP `<error>` codes, named after the manual's wording. */
export const FtpCode = {
  ok: 0, net: 61, dns: 62, connect: 63, timeout: 64, server: 65, notAllowed: 66, reply: 70, user: 71, password: 72, type: 73, rest: 74, passive: 75,
  active: 76, operate: 77, upload: 78, download: 79, manualQuit: 80, sslConnect: 90, sslAlert: 91, auth: 92, pbsz: 93, port: 94,
} as const;

/** `+CME ERROR` codes (3GPP TS 27.007 §9.2 numbers SIMCom uses) for a refused command. */
export const Cme = { notAllowed: 3, parameter: 50 } as const;

/** The `AT+CMEE=2` texts of {@link Cme}. */
export function cmeText(code: number): string | undefined {
  return code === Cme.notAllowed ? 'operation not allowed' : code === Cme.parameter ? 'Incorrect parameters' : undefined;
}

/** One of the codes in {@link FtpCode}. */
export type FtpCodeValue = (typeof FtpCode)[keyof typeof FtpCode];

/** What the model was doing when the backend failed: decides e.g. 79 vs 78. */
export type FtpPhase = 'login' | 'command' | 'download' | 'upload';

/** Context that refines the mapping. */
export interface FailureContext {
  phase: FtpPhase;
  /** Payload bytes that already passed; a data failure before the first byte is a failed data connection. */
  bytesMoved?: number;
  /** Active (PORT) or passive (PASV) mode, for 75 vs 76. */
  passive?: boolean;
  /** FTPS selected, for 90/92. */
  tls?: 'none' | 'implicit' | 'explicit';
}

/**
 * Maps a backend failure to the code the module would print. The manual names the codes but not their
 * triggers; the choices below are documented in docs/emulator-sim7080g.md ("Error codes").
 */
export function codeForFailure(err: unknown, ctx: FailureContext): FtpCodeValue {
  const failure = FtpBackendError.of(err);
  switch (failure.kind) {
    case 'dns':
      return FtpCode.dns;
    case 'connect':
      return FtpCode.connect;
    case 'timeout':
      return FtpCode.timeout;
    case 'tls':
      return ctx.phase === 'login' ? FtpCode.sslConnect : FtpCode.sslAlert;
    case 'aborted':
      return FtpCode.manualQuit;
    case 'login':
      // Servers answer USER with 331 whatever the name, so a refusal arrives on PASS (S-FTPAN §5.4 → 72).
      return failure.reply === 332 ? FtpCode.user : FtpCode.password;
    case 'data':
      if ((ctx.bytesMoved ?? 0) === 0 && ctx.phase !== 'command') return ctx.passive === false ? FtpCode.active : FtpCode.passive;
      return ctx.phase === 'upload' ? FtpCode.upload : FtpCode.download;
    case 'server':
      if (ctx.phase === 'login') {
        if (ctx.tls === 'explicit') return FtpCode.auth;
        return FtpCode.server;
      }
      if (failure.reply === 425) return ctx.passive === false ? FtpCode.active : FtpCode.passive;
      if (failure.reply === 426) return ctx.phase === 'upload' ? FtpCode.upload : FtpCode.download;
      // The server refused the operation itself (550 no such file, 553 bad name…).
      return FtpCode.operate;
    case 'closed':
      if (ctx.phase === 'download') return FtpCode.download;
      if (ctx.phase === 'upload') return FtpCode.upload;
      return FtpCode.server;
  }
}
