/**
 * Text builders for every AT command the driver writes, in one table. Every
 * string argument has already been validated by zod in core (no `"`, CR, LF,
 * NUL, `;`), so quoting it is enough to keep it one argument.
 */
const q = (s: string): string => `"${s}"`;

/** Name of the module file used by the listing read-out and the `ufs`/`ram` strategies (≤ 80 bytes, 8.3 style: FILE AN via VENDOR-FACTS §B.4). */
export const MODULE_FILES = { listing: 'RAM:cftp.lst', download: 'cftp.dl', upload: 'cftp.ul' } as const;

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
  open: (host: string, port: number) => `AT+QFTPOPEN=${q(host)},${port}`,
  cwd: (path: string) => `AT+QFTPCWD=${q(path)}`,
  pwd: 'AT+QFTPPWD',
  size: (path: string) => `AT+QFTPSIZE=${q(path)}`,
  mdtm: (path: string) => `AT+QFTPMDTM=${q(path)}`,
  mkdir: (path: string) => `AT+QFTPMKDIR=${q(path)}`,
  rmdir: (path: string) => `AT+QFTPRMDIR=${q(path)}`,
  del: (path: string) => `AT+QFTPDEL=${q(path)}`,
  /** `name` is `QFTPRENAME` (AN contents, examples) or `QFTPNAME` (AN §2.15 body). */
  rename: (name: string, from: string, to: string) => `AT+${name}=${q(from)},${q(to)}`,
  /** `name` is `QFTPLIST`, `QFTPMLSD`, `QFTPNLST` (AN) or `QFTPNLIST` (AT manual v2.0). */
  listing: (name: string, dir: string, local: string) => `AT+${name}=${q(dir)},${q(local)}`,
  getRange: (path: string, start: number, length: number) => `AT+QFTPGET=${q(path)},"COM:",${start},${length}`,
  getToFile: (path: string, local: string, start: number) => `AT+QFTPGET=${q(path)},${q(local)},${start}`,
  putRange: (path: string, start: number, length: number, last: boolean) =>
    `AT+QFTPPUT=${q(path)},"COM:",${start},${length},${last ? 1 : 0}`,
  putFromFile: (path: string, local: string, start: number) => `AT+QFTPPUT=${q(path)},${q(local)},${start}`,
  len: 'AT+QFTPLEN',
  stat: 'AT+QFTPSTAT',
  close: 'AT+QFTPCLOSE',
  // Module file system (FILE AN via VENDOR-FACTS §B.4).
  fupl: (local: string, size: number, timeoutS: number) => `AT+QFUPL=${q(local)},${size},${timeoutS}`,
  fopen: (local: string, mode: number) => `AT+QFOPEN=${q(local)},${mode}`,
  fread: (handle: number, length: number) => `AT+QFREAD=${handle},${length}`,
  fclose: (handle: number) => `AT+QFCLOSE=${handle}`,
  fdel: (local: string) => `AT+QFDEL=${q(local)}`,
} as const;

/**
 * URC shapes. Quectel's note prints some without the space after the colon
 * (`+QFTPSIZE:0, 1000`, AN §3.4), so every pattern allows both.
 */
export const urc = {
  /** The success form `+NAME: 0,…`. */
  ok: (name: string): RegExp => new RegExp(`^\\+${name}: ?0\\s*,`),
  /** The failure form `+NAME: <err>,<protocol_error>` with `<err>` ≠ 0. */
  failed: (name: string): RegExp => new RegExp(`^\\+${name}: ?[1-9]\\d*\\s*,`),
  any: (name: string): RegExp => new RegExp(`^\\+${name}:`),
} as const;

/** `+QFTPSTAT` values (AN §2.17). */
export const FTP_STAT = { opening: 0, idle: 1, transferring: 2, closing: 3, closed: 4 } as const;
