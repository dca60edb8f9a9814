import type { ParsedResult, ResultShape } from '@cellftp/core';

/**
 * Every AT text the u-blox dialect writes and every result shape it reads
 * (reference digest ublox-sara-ftp.md; R4-MAN ch. 16 and 20, IADG §2 and §9).
 * Arguments are validated before they get here (no `"`, CR, LF, NUL; lengths),
 * so quoting keeps each one argument.
 */
const q = (s: string): string => `"${s}"`;

/** `AT+UFTP=<op>` parameter numbers (digest §3). */
export const UFTP = { serverIp: 0, serverName: 1, user: 2, password: 3, timeout: 5, mode: 6, port: 7, secure: 8, dataTls: 12 } as const;

/** `AT+UFTPC=<op>` action numbers (digest §4). */
export const UFTPC = {
  logout: 0,
  login: 1,
  remove: 2,
  rename: 3,
  getToFs: 4,
  putFromFs: 5,
  getDirect: 6,
  putDirect: 7,
  cd: 8,
  makeDir: 10,
  removeDir: 11,
  list: 13,
  names: 14,
} as const;

/**
 * The vendorCode a `+UUFTPCR: <op>,0` carries until `AT+UFTPER` explains it:
 * the result line itself names no reason (digest §9).
 */
export const UNEXPLAINED = -1;

/** `+UUFTPCR: <op>,<1|0>` of one op: 1 success, 0 failure (digest §1, §9). */
const shapes = new Map<number, ResultShape>();
export function ftpResult(op: number): ResultShape {
  let shape = shapes.get(op);
  if (shape) return shape;
  const head = `^\\+UUFTPCR:\\s*${op}\\s*,\\s*`;
  shape = {
    name: 'UUFTPCR',
    any: new RegExp(`${head}[01]\\s*(?:,|$)`),
    ok: new RegExp(`${head}1\\s*(?:,|$)`),
    failed: new RegExp(`${head}0\\s*(?:,|$)`),
    parse(line): ParsedResult {
      const ok = shape?.ok.test(line) ?? false;
      return { ok, values: [], vendorCode: ok ? 0 : UNEXPLAINED, serverReply: undefined };
    },
  };
  shapes.set(op, shape);
  return shape;
}

/** One FTP action: its text and the result line that ends it. */
export interface UbloxOperation {
  readonly text: string;
  readonly result: ResultShape;
}
const op = (code: number, ...args: Array<string | number>): UbloxOperation => ({
  text: `AT+UFTPC=${[code, ...args.map((a) => (typeof a === 'string' ? q(a) : String(a)))].join(',')}`,
  result: ftpResult(code),
});

/** `+ULSTFILE: <n>` (free space, file size), `+UFTPER: <class>,<code>`, `+UUPSDA: 0,"<ip>"`. */
export const ULSTFILE = /^\+ULSTFILE:\s*(\d+)\s*$/;
export const UFTPER = /^\+UFTPER:\s*(\d+)\s*,\s*(\d+)/;
export const UUPSDA = /^\+UUPSDA:\s*0\s*,/;
export const CMEE_MODE = /^\+CMEE:\s*(\d)/;
export const UPSND_ACTIVE = /^\+UPSND:\s*0\s*,\s*8\s*,\s*([01])/;
export const UPSD_CID = /^\+UPSD:\s*0\s*,\s*100\s*,\s*(\d+)/;
/** `+CGACT: <cid>,<state>` (3GPP TS 27.007 §10.1.10). */
export const CGACT = /^\+CGACT:\s*(\d+)\s*,\s*(\d)/;

export const commands = {
  /** Verbose `+CME ERROR: <text>`: the file-system errors are documented by text only (digest §5.1, §9). */
  cmee: 'AT+CMEE=2',
  // Bearer (digest §2).
  cgactQuery: 'AT+CGACT?',
  cgdcont: (cid: number, apn: string) => `AT+CGDCONT=${cid},"IP",${q(apn)}`,
  cgact: (cid: number) => `AT+CGACT=1,${cid}`,
  /** `AT+UPSD=0,0,0`: profile 0 is IPv4 (IADG §2.3). */
  upsdIpType: 'AT+UPSD=0,0,0',
  /** `AT+UPSD=0,100,<cid>`: profile 0 uses that context (IADG §2.3). */
  upsdCid: (cid: number) => `AT+UPSD=0,100,${cid}`,
  /** `AT+UPSDA=0,3` → `OK`, then `+UUPSDA: 0,"<ip>"` (IADG §2.3). */
  upsdActivate: 'AT+UPSDA=0,3',
  /** `AT+UPSDA=0,4`: deactivate profile 0 (IADG §2.3). */
  upsdDeactivate: 'AT+UPSDA=0,4',
  /** `AT+UPSND=0,8` → `+UPSND: 0,8,<0|1>`: is profile 0 active (IADG §2.3 [I]: u-blox's PSD status read). */
  upsndActive: 'AT+UPSND=0,8',
  /** `AT+UPSD=0,100` → `+UPSD: 0,100,<cid>`: the context profile 0 is mapped to. */
  upsdCidQuery: 'AT+UPSD=0,100',
  // Profile (digest §3): one parameter per command; a value omitted resets it.
  profile: (param: number, value: string | number, extra?: number) =>
    `AT+UFTP=${param},${typeof value === 'string' ? q(value) : value}${extra === undefined ? '' : `,${extra}`}`,
  error: 'AT+UFTPER',
  /** `AT+CMEE?` → `+CMEE: <n>`: a module that restarted is back at its default, not the driver's 2. */
  cmeeQuery: 'AT+CMEE?',
  // Actions (digest §4).
  login: op(UFTPC.login),
  logout: op(UFTPC.logout),
  cd: (dir: string) => op(UFTPC.cd, dir),
  list: (path: string | undefined) => (path === undefined ? op(UFTPC.list) : op(UFTPC.list, path)),
  names: (path: string | undefined) => (path === undefined ? op(UFTPC.names) : op(UFTPC.names, path)),
  makeDir: (dir: string) => op(UFTPC.makeDir, dir),
  removeDir: (dir: string) => op(UFTPC.removeDir, dir),
  remove: (path: string) => op(UFTPC.remove, path),
  rename: (from: string, to: string) => op(UFTPC.rename, from, to),
  /** `AT+UFTPC=4,"<remote>","<local>"`: retrieving mode 0 (from the start) is the default (digest §6). */
  getToFs: (remote: string, local: string) => op(UFTPC.getToFs, remote, local),
  /** `AT+UFTPC=5,"<local>","<remote>"[,<offset>]`: REST + STOR for an append (digest §6, §7). */
  putFromFs: (local: string, remote: string, offset: number) =>
    offset > 0 ? op(UFTPC.putFromFs, local, remote, offset) : op(UFTPC.putFromFs, local, remote),
  /** `AT+UFTPC=6,"<remote>"[,<offset>]`: the offset is REST (digest §5.2, §6). */
  getDirect: (remote: string, offset: number) => (offset > 0 ? op(UFTPC.getDirect, remote, offset) : op(UFTPC.getDirect, remote)),
  putDirect: (remote: string, offset: number) => (offset > 0 ? op(UFTPC.putDirect, remote, offset) : op(UFTPC.putDirect, remote)),
  // Flash file system (digest §5.1, §7).
  freeSpace: 'AT+ULSTFILE=1',
  fileSize: (name: string) => `AT+ULSTFILE=2,${q(name)}`,
  deleteFile: (name: string) => `AT+UDELFILE=${q(name)}`,
  readBlock: (name: string, offset: number, size: number) => `AT+URDBLOCK=${q(name)},${offset},${size}`,
  writeFile: (name: string, size: number) => `AT+UDWNFILE=${q(name)},${size}`,
} as const;
