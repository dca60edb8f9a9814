import { fieldResult, urcFields, type ResultShape } from '@cellftp/core';

/**
 * Every AT command the driver writes, and the result shape of each FTP
 * operation, in one table. Every string argument has already been validated
 * by zod in core (no `"`, CR, LF, NUL, `;`), so quoting it is enough to keep
 * it one argument.
 */
const q = (s: string): string => `"${s}"`;

/**
 * Result URC shapes: `+QFTPxxx: 0,…` on success, `+QFTPxxx: <err>,<protocol_error>`
 * on failure (AN chapter 5; `<protocol_error>` is the server's reply). Matching
 * tolerates the space after the colon either way (AN §3.4 prints `+QFTPSIZE:0, 1000`).
 */
const shapes = new Map<string, ResultShape>();
export function result(name: string): ResultShape {
  let shape = shapes.get(name);
  if (!shape) shapes.set(name, (shape = fieldResult(name, { replyField: 0 })));
  return shape;
}

/**
 * `+QFTPSIZE` also as the BG96 FTP(S) manual §3.4 prints it, `+QFTPSIZE: 1000`
 * without `<err>` (its §2.7 and §3.6 print `0,1000`): a lone field is the size.
 * A failure always carries `<err>,<protocol_error>`, so the two cannot be confused.
 */
const BARE_SIZE = /^\+QFTPSIZE:\s*(\d+)\s*$/;
const sizeShape = (): ResultShape => {
  const base = result('QFTPSIZE');
  return {
    ...base,
    ok: new RegExp(`${base.ok.source}|${BARE_SIZE.source}`),
    failed: new RegExp(`(?!${BARE_SIZE.source})${base.failed.source}`),
    parse: (line) => (BARE_SIZE.test(line) ? { ok: true, values: [urcFields(line)[0] ?? ''], vendorCode: 0, serverReply: undefined } : base.parse(line)),
  };
};
const SIZE = sizeShape();

/** An FTP operation: its text and the result URC that ends it. */
export interface FtpOperation {
  readonly text: string;
  readonly result: ResultShape;
}
const op = (name: string, args = ''): FtpOperation => ({ text: `AT+${name}${args}`, result: result(name) });

/** Names of the module files of the listing read-out and the `ufs`/`ram` strategies, before the profile's drive naming (≤ 80 bytes, 8.3 style: FILE AN via VENDOR-FACTS §B.4). */
export const MODULE_FILES = { listing: 'cftp.lst', download: 'cftp.dl', upload: 'cftp.ul' } as const;

export const commands = {
  // Preparation (AT manual; VENDOR-FACTS §B.7/§B.8).
  cmee: 'AT+CMEE=1',
  urcPort: (port: string) => `AT+QURCCFG="urcport",${q(port)}`,
  // PDP context (TCP(IP) AN via VENDOR-FACTS §B.6).
  qiactQuery: 'AT+QIACT?',
  qicsgp: (id: number, apn: string, user: string, password: string, auth: number) =>
    `AT+QICSGP=${id},1,${q(apn)},${q(user)},${q(password)},${auth}`,
  qiact: (id: number) => `AT+QIACT=${id}`,
  // FTP configuration (AN §2.1) and SSL context (SSL AN via VENDOR-FACTS §B.5).
  cfg: (item: string, ...values: Array<string | number>) =>
    `AT+QFTPCFG=${q(item)}${values.map((v) => `,${typeof v === 'string' ? q(v) : v}`).join('')}`,
  ssl: (item: string, ctx: number, value: string | number) =>
    `AT+QSSLCFG=${q(item)},${ctx},${typeof value === 'string' ? q(value) : value}`,
  /** Unquoted literal values such as the cipher suite `0XFFFF` (AN §3.2 example). */
  sslLiteral: (item: string, ctx: number, literal: string) => `AT+QSSLCFG=${q(item)},${ctx},${literal}`,
  // FTP operations (AN §2.2–2.18).
  open: (host: string, port: number) => op('QFTPOPEN', `=${q(host)},${port}`),
  cwd: (path: string) => op('QFTPCWD', `=${q(path)}`),
  pwd: op('QFTPPWD'),
  size: (path: string): FtpOperation => ({ text: `AT+QFTPSIZE=${q(path)}`, result: SIZE }),
  mdtm: (path: string) => op('QFTPMDTM', `=${q(path)}`),
  mkdir: (path: string) => op('QFTPMKDIR', `=${q(path)}`),
  rmdir: (path: string) => op('QFTPRMDIR', `=${q(path)}`),
  del: (path: string) => op('QFTPDEL', `=${q(path)}`),
  /** `name` is `QFTPRENAME` (AN contents, examples) or `QFTPNAME` (AN §2.15 body). */
  rename: (name: string, from: string, to: string) => op(name, `=${q(from)},${q(to)}`),
  /** `name` is `QFTPLIST`, `QFTPMLSD`, `QFTPNLST` (AN) or `QFTPNLIST` (AT manual v2.0). */
  listing: (name: string, dir: string, local: string) => op(name, `=${q(dir)},${q(local)}`),
  getRange: (path: string, start: number, length: number) => op('QFTPGET', `=${q(path)},"COM:",${start},${length}`),
  getToFile: (path: string, local: string, start: number) => op('QFTPGET', `=${q(path)},${q(local)},${start}`),
  putRange: (path: string, start: number, length: number, last: boolean) =>
    op('QFTPPUT', `=${q(path)},"COM:",${start},${length},${last ? 1 : 0}`),
  putFromFile: (path: string, local: string, start: number) => op('QFTPPUT', `=${q(path)},${q(local)},${start}`),
  len: op('QFTPLEN'),
  stat: op('QFTPSTAT'),
  close: op('QFTPCLOSE'),
  // Module file system (FILE AN via VENDOR-FACTS §B.4).
  fupl: (local: string, size: number, timeoutS: number) => `AT+QFUPL=${q(local)},${size},${timeoutS}`,
  fopen: (local: string, mode: number) => `AT+QFOPEN=${q(local)},${mode}`,
  fread: (handle: number, length: number) => `AT+QFREAD=${handle},${length}`,
  fclose: (handle: number) => `AT+QFCLOSE=${handle}`,
  fdel: (local: string) => `AT+QFDEL=${q(local)}`,
} as const;

/** `+QFTPSTAT` values (AN §2.17). */
export const FTP_STAT = { opening: 0, idle: 1, transferring: 2, closing: 3, closed: 4 } as const;
