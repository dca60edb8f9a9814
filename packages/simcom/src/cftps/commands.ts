import { fieldResult, lengthAnnouncedBy, urcFields, type AtCommand, type ResultShape } from '@cellftp/core';

/**
 * Every AT text the `AT+CFTPS*` dialect writes and every result shape it
 * reads (reference digest simcom-a76xx-ftp.md; A76XX AT manual V1.09 ch. 17,
 * SIM7500/7600 AT manual V3.00 ch. 12). Arguments are validated by core's zod
 * schemas (no `"`, CR, LF, NUL), so quoting keeps each one argument.
 */
const q = (s: string): string => `"${s}"`;

/**
 * `+CFTPSxxx: <errcode>` results: 0 is success; the `DATA,<len>` headers are
 * never results (digest §9). A result is that one field and nothing after it,
 * so a line such as `+CFTPSGET: 9,9` is not taken for the end of a download.
 */
const shapes = new Map<string, ResultShape>();
export function result(name: string): ResultShape {
  let shape = shapes.get(name);
  if (!shape) shapes.set(name, (shape = codeOnly(fieldResult(name))));
  return shape;
}

function codeOnly(shape: ResultShape): ResultShape {
  const prefix = `^\\+${shape.name}:\\s*`;
  return {
    ...shape,
    any: new RegExp(`${prefix}\\d+\\s*$`),
    ok: new RegExp(`${prefix}0\\s*$`),
    failed: new RegExp(`${prefix}(?!0\\s*$)\\d+\\s*$`),
  };
}

/**
 * `+CFTPSPWD: "<dir>"` on success, `+CFTPSPWD: <err>` (unquoted) on failure
 * (digest §4, §9). The quoted field is the path; an all-digits field a code.
 */
const PWD: ResultShape = {
  name: 'CFTPSPWD',
  any: /^\+CFTPSPWD:\s*(?:"|\d+\s*$)/,
  ok: /^\+CFTPSPWD:\s*"/,
  failed: /^\+CFTPSPWD:\s*(?!0\s*$)\d+\s*$/,
  parse(line) {
    const body = line.slice(line.indexOf(':') + 1).trim();
    if (body.startsWith('"')) return { ok: true, values: [body.replace(/^"|"$/g, '')], vendorCode: 0, serverReply: undefined };
    return { ok: false, values: [], vendorCode: Number(body), serverReply: undefined };
  },
};

/**
 * `+CFTPSSIZE: <n>` is a size or an error code in the same shape (quirk Q3;
 * S-AN prints it without the space): every such line is read as a value
 * here, and the session cross-checks values that are also codes.
 */
const SIZE: ResultShape = {
  name: 'CFTPSSIZE',
  any: /^\+CFTPSSIZE:\s*\d+\s*$/,
  ok: /^\+CFTPSSIZE:\s*\d+\s*$/,
  failed: /^(?!)/,
  parse: (line) => ({ ok: true, values: [urcFields(line)[0] ?? ''], vendorCode: 0, serverReply: undefined }),
};

/** An FTP operation: its text and the result line that ends it. */
export interface CftpsOperation {
  readonly text: string;
  readonly result: ResultShape;
}
const op = (name: string, args = ''): CftpsOperation => ({ text: `AT+${name}${args}`, result: result(name) });

/** `+CFTPSGET: DATA,<len>` / `+CFTPSGET:DATA,<len>` (M-MAN) / `DATA, <len>` (CFTRANTX examples): all three spellings. */
export const getFrames = lengthAnnouncedBy(/^\+CFTPSGET:\s*DATA\s*,/, 1);
export const listFrames = lengthAnnouncedBy(/^\+CFTPSLIST:\s*DATA\s*,/, 1);

/** LOGIN's `<server_type>`: omitted it means implicit FTPS (Q2), so it is always sent. */
export const SERVER_TYPE = { plain: 0, explicitSsl: 1, explicitTls: 2, implicit: 3 } as const;

export const commands = {
  cmee: 'AT+CMEE=1',
  echoOff: 'ATE0',
  // Bearer (digest §2).
  cgactQuery: 'AT+CGACT?',
  cgdcont: (cid: number, apn: string) => `AT+CGDCONT=${cid},"IP",${q(apn)}`,
  cgact: (cid: number) => `AT+CGACT=1,${cid}`,
  // Service and login (digest §2, §3).
  start: op('CFTPSSTART'),
  stop: op('CFTPSSTOP'),
  singleIp: (on: boolean) => `AT+CFTPSSINGLEIP=${on ? 1 : 0}`,
  mode: (passive: boolean) => `AT+CFTPSMODE=${passive ? 1 : 0}`,
  login: (host: string, port: number, user: string, password: string, type: number) =>
    op('CFTPSLOGIN', `=${q(host)},${port},${q(user)},${q(password)},${type}`),
  logout: op('CFTPSLOGOUT'),
  loginQuery: 'AT+CFTPSLOGIN?',
  /** Binary, after login (Q1); unquoted `I`. */
  typeBinary: op('CFTPSTYPE', '=I'),
  // TLS, A76xx / SIM767x only (digest §8).
  sslBind: (session: 0 | 1, ctx: number) => `AT+CFTPSSLCFG=${session},${ctx}`,
  ssl: (item: string, ctx: number, value: string | number) => `AT+CSSLCFG=${q(item)},${ctx},${typeof value === 'string' ? q(value) : value}`,
  certDown: (name: string, length: number) => `AT+CCERTDOWN=${q(name)},${length}`,
  // Operations (digest §4).
  cwd: (path: string) => op('CFTPSCWD', `=${q(path)}`),
  pwd: { text: 'AT+CFTPSPWD', result: PWD } as CftpsOperation,
  list: (dir: string | undefined) => op('CFTPSLIST', dir === undefined ? '' : `=${q(dir)}`),
  size: (path: string): CftpsOperation => ({ text: `AT+CFTPSSIZE=${q(path)}`, result: SIZE }),
  mkd: (path: string) => op('CFTPSMKD', `=${q(path)}`),
  rmd: (path: string) => op('CFTPSRMD', `=${q(path)}`),
  dele: (path: string) => op('CFTPSDELE', `=${q(path)}`),
  /** `<rest_size>` only when resuming: REST 0 costs a server round trip for nothing. */
  get: (path: string, rest: number) => op('CFTPSGET', `=${q(path)}${rest > 0 ? `,${rest}` : ''}`),
  /** SIM7600 cache mode (S-MAN §12.2.14): `<rest_size>`, then 1 = keep the data in the module. */
  getCached: (path: string, rest: number) => op('CFTPSGET', `=${q(path)},${rest},1`),
  cacheQuery: 'AT+CFTPSCACHERD?',
  cacheRead: 'AT+CFTPSCACHERD',
  /**
   * Without `<data_len>`: the escaped stream ended by a bare 0x1A. With a
   * `<rest_size>` the length must be given; M-MAN: `<data_len>` 0 is "omitted".
   */
  putStream: (path: string, rest: number) => op('CFTPSPUT', `=${q(path)}${rest > 0 ? `,0,${rest}` : ''}`),
  /** `<data_len>` 1–2048: exactly that many bytes after `>`, one STOR (REST + STOR with `<rest_size>`). */
  putBlock: (path: string, length: number, rest: number) => op('CFTPSPUT', `=${q(path)},${length}${rest > 0 ? `,${rest}` : ''}`),
  abort: op('CFTPSABORT'),
} as const;

/** `+CFTPSLOGIN: 0|1` of the read form: not logged in / logged in. */
export const LOGGED_IN = /^\+CFTPSLOGIN:\s*1\s*$/;
/** `+CFTPSCACHERD: <n>` bytes waiting in the module (SIM7600). */
export const CACHE_LEVEL = /^\+CFTPSCACHERD:\s*(\d+)\s*$/;
/** `+CFTPS: RECV EVENT`: cache mode has data (SIM7600). */
export const RECV_EVENT = /^\+CFTPS:\s*RECV EVENT\s*$/;

/** A plain command with a local timeout. */
export const local = (text: string, timeoutMs: number, extra: Partial<AtCommand> = {}): AtCommand => ({ text, timeoutMs, ...extra });
