/**
 * The SIM7080 AT commands the driver writes, and the result lines it reads,
 * as data (AT manual V1.05 chapters 7, 9, 15; FTP(S) application note V1.02).
 * Builders take validated text only: the session layer refuses quotes and
 * control characters before anything gets here. Matching is tolerant of the
 * space after the colon (documents print both, VENDOR-FACTS A.4); emitting is exact.
 */
import { MANUAL_QUIT, missingMeansNotFound } from './codes.js';
import { etxAfter, fieldResult, lengthAnnouncedBy, openingResult, urcFields, type AtCommand, type AtResponse, type OutgoingData, type PayloadSink } from '@cellftp/core';

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
/** Bytes taken from the source per write of the transparent FTPETPUT stream. */
export const STREAM_CHUNK = 16 * 1024;
/** AT+CFSWFILE takes 1–10240 bytes per call (§9.2, VENDOR-FACTS A.7). */
export const CFS_CHUNK = 10240;
/**
 * FTPEXTPUT=2 `<timeout>` (1000–1000000 ms, "timeout value of serial port").
 * The manual does not say whether it bounds idle time or the whole block; the
 * virtual module takes the whole block, so it must cover 64 KiB at a slow
 * line (≈ 11 kbit/s). The driver never stops inside a block, so it only
 * matters when the line itself stalls.
 */
export const EXTPUT_UART_TIMEOUT_MS = 60_000;
/** Timeout of configuration and query commands. */
const QUICK_MS = 5000;

// ── plain commands ────────────────────────────────────────────────────────────
/** Numeric `+CME ERROR` codes, so they end up in FtpError.vendorCode. */
export const CMEE: AtCommand = { text: 'AT+CMEE=1', timeoutMs: 2000 };
/** A bare AT: absorbs a late answer (an AT+FTPQUIT that met a finished stream answers ERROR). */
export const PING: AtCommand = { text: 'AT', timeoutMs: 2000 };
/** `AT+FTPSTATE` → `+FTPSTATE: 0` idle, `1` an FTP operation runs (§15.2.18). */
export const FTP_STATE: AtCommand = { text: 'AT+FTPSTATE', claims: [/^\+FTPSTATE:/], timeoutMs: QUICK_MS };
export const ftpStateBusy = (res: AtResponse): boolean => /^\+FTPSTATE:\s*1/.test(res.lines[0] ?? '');
/** `AT+FTPQUIT` (§15.2.26): ends the running operation, which then reports 80; `ERROR` when nothing ran. */
export const FTP_QUIT: AtCommand = { text: 'AT+FTPQUIT', timeoutMs: QUICK_MS };

/** The configuration commands whose values the driver keeps in step with the module (all NO_SAVE). */
export type ParamName =
  | 'FTPCID' | 'FTPSERV' | 'FTPPORT' | 'FTPUN' | 'FTPPW' | 'FTPMODE' | 'FTPTYPE' | 'FTPPUTOPT'
  | 'FTPREST' | 'FTPGETPATH' | 'FTPGETNAME' | 'FTPPUTPATH' | 'FTPPUTNAME' | 'FTPEXTPUT';

/** What every session writes first (§15.2.1–15.2.13): bearer, server, login, data mode, type "I" (ASCII strips bit 7, §15.2.3 note). */
export function sessionParams(cid: number, o: { host: string; port: number; user: string; password: string; passive: boolean }): [ParamName, string | number, boolean][] {
  return [['FTPCID', cid, false], ['FTPSERV', o.host, false], ['FTPPORT', o.port, false], ['FTPUN', o.user, true], ['FTPPW', o.password, true], ['FTPMODE', o.passive ? 1 : 0, false], ['FTPTYPE', 'I', false]];
}

/** Write form of a configuration command: numbers bare, text quoted (§15.2.1–15.2.13). */
export function setParam(name: ParamName, value: string | number, secret = false): AtCommand {
  const text = typeof value === 'number' ? `AT+${name}=${value}` : `AT+${name}="${value}"`;
  return { text, timeoutMs: QUICK_MS, ...(secret ? { secrets: [String(value)] } : {}) };
}

// ── bearer (§7.2) ─────────────────────────────────────────────────────────────
const CNACT_LINE = /^\+CNACT:\s*(\d+)\s*,\s*(\d+)\s*,/;
export const CNACT_QUERY: AtCommand = { text: 'AT+CNACT?', claims: [CNACT_LINE], timeoutMs: QUICK_MS };
/** The `<pdpidx>`es whose `<status>` is 1 (activated). */
export const activeContextsOf = (res: AtResponse): number[] =>
  res.lines.flatMap((line) => {
    const m = CNACT_LINE.exec(line);
    return m && m[2] === '1' ? [Number(m[1])] : [];
  });
/** `AT+CNCFG=<pdpidx>,1,"<apn>"[,"<user>","<pwd>",3]`: IPv4, PAP or CHAP when credentials are given. */
export function cncfg(pdpidx: number, apn: string, user?: string, password?: string): AtCommand {
  const auth = user !== undefined || password !== undefined ? `,"${user ?? ''}","${password ?? ''}",3` : '';
  return { text: `AT+CNCFG=${pdpidx},1,"${apn}"${auth}`, secrets: [user, password], timeoutMs: QUICK_MS };
}
/** `AT+CNACT=<n>,1`: `OK` first, `+APP PDP: <n>,ACTIVE` (or `DEACTIVE`) later (VENDOR-FACTS A.2). */
export function cnact(pdpidx: number, resultTimeoutMs: number): AtCommand {
  return { text: `AT+CNACT=${pdpidx},1`, timeoutMs: 10_000, resultUrc: { match: new RegExp(`^\\+APP PDP:\\s*${pdpidx},(ACTIVE|DEACTIVE)$`), timeoutMs: resultTimeoutMs } };
}
export const bearerCameUp = (res: AtResponse): boolean => res.resultUrc?.endsWith(',ACTIVE') ?? false;

// ── TLS (§15.2.29, S-FTPAN V1.02 §5.2.1) ───────────────────────────────────────
/** `AT+FTPSSL=<type>,<ctx>,"<ca>",""`: 0 plain, 1 implicit, 2 explicit. */
export const ftpSsl = (type: 0 | 1 | 2, ctx: number, ca: string): AtCommand => ({ text: `AT+FTPSSL=${type},${ctx},"${ca}",""`, timeoutMs: QUICK_MS });
export const sni = (ctx: number, host: string): AtCommand => ({ text: `AT+CSSLCFG="SNI",${ctx},"${host}"`, timeoutMs: QUICK_MS });
export const CFS_INIT: AtCommand = { text: 'AT+CFSINIT', timeoutMs: QUICK_MS };
export const CFS_TERM: AtCommand = { text: 'AT+CFSTERM', timeoutMs: QUICK_MS };
/** `AT+CFSWFILE=3,…` writes into `/customer/`, where CONVERT finds the file. */
export const cfsWrite = (name: string, append: boolean, chunk: Uint8Array): AtCommand => ({
  text: `AT+CFSWFILE=3,"${name}",${append ? 1 : 0},${chunk.length},10000`,
  timeoutMs: 15_000,
  outgoing: { on: 'DOWNLOAD', data: () => chunk },
});
export const caConvert = (name: string): AtCommand => ({ text: `AT+CSSLCFG="CONVERT",2,"${name}"`, timeoutMs: 10_000 });

// ── one-shot FTP operations: OK, then `+<NAME>: 1,<error>[,<value>]` ───────────
const result = (name: string) => fieldResult(name, { lead: ['1'], notResults: [1] });
/** `codeFor`: on operations that name an existing file, the server's refusal (77) means it is not there. */
const named = (text: string, name: string) => ({ text, result: result(name), codeFor: missingMeansNotFound });
export const SIMPLE = {
  size: named('AT+FTPSIZE', 'FTPSIZE'),
  mdtm: named('AT+FTPMDTM', 'FTPMDTM'),
  dele: named('AT+FTPDELE', 'FTPDELE'),
  rename: named('AT+FTPRENAME', 'FTPRENAME'),
  /** FTPMKD / FTPRMD work on FTPGETPATH itself (§15.2.20). */
  mkd: { text: 'AT+FTPMKD', result: result('FTPMKD') },
  rmd: { text: 'AT+FTPRMD', result: result('FTPRMD') },
  /** With FTPEXTPUT=1 the module uploads its RAM at once (§15.2.19). */
  putRam: { text: 'AT+FTPPUT=1', result: result('FTPPUT') },
  /** Downloads into module RAM (§15.2.23). */
  getRam: named('AT+FTPEXTGET=1', 'FTPEXTGET'),
} as const;

// ── sessions: `=1` opens (`1,1`), later lines `1,1` (more) and `1,<error>` (end) ─
// Pull (FTPGET/FTPLIST, §15.2.14/22): each `1,1` says data waits, `=2,<≤1460>` takes it; `2,0` just
// means "not yet" (VENDOR-FACTS A.9.2); never read before a `1,1` (A.9.1). Chunked put (§15.2.15):
// each `+FTPPUT: 1,1,<maxlength>` allows one write of at most that many bytes (re-read every time,
// A.9.3). ETPUT (§15.2.24): `=1` opens, `=2` switches to data mode; every 0x03 and 0x10 goes
// DLE-escaped (core's `escapeDle`), one bare ETX ends the file; `OK`, then `+FTPETPUT: 1,0`.
export type SessionKind = 'FTPGET' | 'FTPLIST' | 'FTPPUT' | 'FTPETPUT';
export const session = (kind: SessionKind) => ({ text: `AT+${kind}=1`, result: openingResult(kind, { lead: ['1'], open: [1] }) });
/** `AT+FTPGET=2,<n>` / `AT+FTPLIST=2,<n>`: `+…: 2,<len>` then exactly that many bytes (VENDOR-FACTS A.9.6). */
export const pullRead = (kind: 'FTPGET' | 'FTPLIST', timeoutMs: number, sink: PayloadSink): AtCommand => ({
  text: `AT+${kind}=2,${READ_MAX}`,
  timeoutMs,
  incoming: { dataAfter: lengthAnnouncedBy(`+${kind}: 2,`, 1), sink },
});
/** `+FTPPUT: 1,1,<maxlength>` → how much the next write may carry. */
export function putAllowance(values: readonly string[]): number {
  const max = Number(values[0] ?? PUT_FALLBACK_MAX);
  return Number.isSafeInteger(max) && max > 0 ? Math.min(max, PUT_MAX) : PUT_FALLBACK_MAX;
}
/** `AT+FTPPUT=2,<n>`: `+FTPPUT: 2,<cnflength>` says how many raw bytes the module takes now. */
export const putWrite = (length: number, timeoutMs: number, data: (confirmed: number) => Uint8Array): AtCommand => ({
  text: `AT+FTPPUT=2,${length}`,
  timeoutMs,
  outgoing: { on: /^\+FTPPUT:\s*2,\d+$/, data: (trigger) => data(Math.min(length, Number(urcFields(trigger)[1]) || 0)) },
});
/** `AT+FTPPUT=2,0` ends the file. */
export const PUT_END: AtCommand = { text: 'AT+FTPPUT=2,0', timeoutMs: 10_000 };
export const ETX = Uint8Array.of(0x03);
/** `AT+FTPETPUT=2` switches to data mode (`+FTPETPUT: 2,1`); the stream ends with a bare ETX. */
export const etputStream = (timeoutMs: number, data: () => OutgoingData): AtCommand => ({
  text: 'AT+FTPETPUT=2',
  timeoutMs,
  outgoing: { on: /^\+FTPETPUT:\s*2,1$/, data },
  // Abort: the bare ETX ends the file early, AT+FTPQUIT the session (which then reports 80).
  abort: { endOutgoing: ETX, then: FTP_QUIT },
});

/**
 * `AT+FTPETGET=1`: `+FTPETGET: 1,1`, the whole file DLE-escaped in data mode ended by a bare ETX, then
 * `+FTPETGET: 1,<error>` (§15.2.25). The tokenizer's `etx` mode takes the stream, so payload that looks
 * like `OK` or a URC is never read as text.
 */
export const ETGET_OPEN = /^\+FTPETGET:\s*1,1$/;
export const etget = (sink: PayloadSink) => ({
  text: 'AT+FTPETGET=1',
  // `1,80` (quit) ends the stream like `1,0`: the engine ends an abandoned stream on it; the flow tells them apart.
  result: openingResult('FTPETGET', { lead: ['1'], open: [MANUAL_QUIT] }),
  codeFor: missingMeansNotFound,
  // Abort: the module still reads commands during the stream; AT+FTPQUIT makes it end the stream with ETX and report 80.
  command: { incoming: { dataAfter: etxAfter(ETGET_OPEN), sink }, abort: { escape: { bytes: `${FTP_QUIT.text}\r`, guardMs: 0 } } },
});

// ── RAM transfers (§15.2.19, §15.2.23) ─────────────────────────────────────────
// EXTGET: `=1` downloads into module RAM (300k at most), `=3,<pos>,<len>` dumps it in length-framed
// blocks, `=0` clears it. EXTPUT: `=1` selects the extended FTPPUT, `=2,…` copies a block from the UART
// into RAM, `AT+FTPPUT=1` uploads the RAM at once (no chunk dialogue), `=0` clears it.
/** `AT+FTPEXTGET?` → `+FTPEXTGET: <mode>,<length>`: bytes now in the RAM cache. */
const EXTGET_STATE = /^\+FTPEXTGET:\s*\d+,\d+$/;
export const EXTGET_QUERY: AtCommand = { text: 'AT+FTPEXTGET?', claims: [EXTGET_STATE], timeoutMs: QUICK_MS };
export const cachedLengthOf = (res: AtResponse): number => Number(urcFields(res.lines[0] ?? '')[1] ?? 0) || 0;
/** `AT+FTPEXTGET=3,<pos>,<len>`: `+FTPEXTGET: 3,<len>` then exactly that many bytes. */
export const extgetRead = (pos: number, len: number, timeoutMs: number, sink: PayloadSink): AtCommand => ({
  text: `AT+FTPEXTGET=3,${pos},${len}`,
  timeoutMs,
  incoming: { dataAfter: lengthAnnouncedBy('+FTPEXTGET: 3,', 1), sink, maxLength: EXT_RAM_LIMIT },
});
/** Mode 0 clears the RAM cache and restores plain FTPGET. */
export const EXTGET_OFF: AtCommand = { text: 'AT+FTPEXTGET=0', timeoutMs: QUICK_MS };
/** `AT+FTPEXTPUT=2,<pos>,<len>,<timeout>`: `+FTPEXTPUT: <pos>,<len>`, then the raw block, then `OK`. */
export const extputWrite = (pos: number, block: Uint8Array): AtCommand => ({
  text: `AT+FTPEXTPUT=2,${pos},${block.length},${EXTPUT_UART_TIMEOUT_MS}`,
  timeoutMs: EXTPUT_UART_TIMEOUT_MS + 10_000,
  outgoing: { on: /^\+FTPEXTPUT:\s*\d+,\d+$/, data: () => block },
});
