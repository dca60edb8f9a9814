/**
 * The SIM7080 FTP(S) commands as data (AT manual V1.05 chapter 15; FTP(S)
 * application note V1.02). Builders take validated text only: the session
 * layer refuses quotes and control characters before anything gets here.
 */
import { urcFields } from '@cellftp/core';

/** `<reqlength>` of AT+FTPGET=2 / AT+FTPLIST=2 is 1–1460 (test form, §15.2.14). */
export const READ_MAX = 1460;
/** Fallback `<maxlength>` when `+FTPPUT: 1,1` comes without it (the manual's own example does). */
export const PUT_FALLBACK_MAX = 1360;
/** The test form of AT+FTPPUT caps one write at 1460 whatever `<maxlength>` says. */
export const PUT_MAX = 1460;
/** "The data it can get is 300k at most" (§15.2.23 note), for AT+FTPEXTGET=1 and our FTPEXTPUT staging. */
export const EXT_RAM_LIMIT = 300 * 1024;
/** Block size for FTPEXTGET=3 reads and FTPEXTPUT=2 writes: large for throughput, small enough to abort. */
export const EXT_BLOCK = 64 * 1024;
/**
 * FTPEXTPUT=2 `<timeout>` (1000–1000000 ms, "timeout value of serial port").
 * The manual does not say whether it bounds idle time or the whole block; the
 * virtual module takes the whole block, so it must cover 64 KiB at a slow
 * line (≈ 11 kbit/s). The driver never stops inside a block, so it only
 * matters when the line itself stalls.
 */
export const EXTPUT_UART_TIMEOUT_MS = 60_000;
/** Documented lengths (§15.2.7–15.2.13). */
export const LIMITS = { server: 49, user: 49, password: 49, name: 64, path: 255, fsName: 50 } as const;

/** The configuration commands whose values the driver keeps in step with the module (all NO_SAVE). */
export type ParamName =
  | 'FTPCID' | 'FTPSERV' | 'FTPPORT' | 'FTPUN' | 'FTPPW' | 'FTPMODE' | 'FTPTYPE' | 'FTPPUTOPT'
  | 'FTPREST' | 'FTPGETPATH' | 'FTPGETNAME' | 'FTPPUTPATH' | 'FTPPUTNAME' | 'FTPEXTPUT' | 'FTPEXTGET';

/** Write form of a configuration command: numbers bare, text quoted (§15.2.1–15.2.13). */
export function paramCommand(name: ParamName, value: string | number): string {
  return typeof value === 'number' ? `AT+${name}=${value}` : `AT+${name}="${value}"`;
}

/** Operations that answer `OK` and later one URC `+<NAME>: 1,<error>[,<value>]`. */
export type SimpleOp = 'FTPSIZE' | 'FTPMDTM' | 'FTPMKD' | 'FTPRMD' | 'FTPDELE' | 'FTPRENAME' | 'FTPPUT' | 'FTPEXTGET';

/**
 * Matches an operation's result URC: `+FTPxxx: 1,<code>…` where `<code>` is
 * not 1 (1 means "session open / data available", not a result). Documents
 * print both `+FTPSIZE: 1,0` and `+FTPSIZE:1,0` (VENDOR-FACTS A.4).
 */
export function resultUrc(name: string): RegExp {
  return new RegExp(`^\\+${name}: ?1,(?!1(?:,|$))\\d+`);
}

/** Matches every `+FTPxxx: 1,<n>…` line of a session, including the `1,1` "open" ones. */
export function sessionUrc(name: string): RegExp {
  return new RegExp(`^\\+${name}: ?1,\\d+`);
}

/** `+FTPSIZE: 1,0,1024` → `{ code: 0, values: ['1024'] }`. */
export function parseSessionUrc(line: string): { code: number; values: string[] } {
  const fields = urcFields(line);
  return { code: Number(fields[1]), values: fields.slice(2) };
}

/** `AT+CNCFG=<pdpidx>,1,"<apn>"[,"<user>","<pwd>",3]` (§7.2.2): IPv4, PAP or CHAP when credentials are given. */
export function cncfgCommand(pdpidx: number, apn: string, user?: string, password?: string): string {
  const auth = user !== undefined || password !== undefined ? `,"${user ?? ''}","${password ?? ''}",3` : '';
  return `AT+CNCFG=${pdpidx},1,"${apn}"${auth}`;
}
