/**
 * `AT+UFTP=<op_code>[,<param1>[,<param2>]]`, one volatile profile parameter
 * at a time (R4-MAN §20.1, digest §3): omitting `<param1>` resets it to its
 * default; 0 (IP) and 1 (name) exclude each other, setting one clears the
 * other; while logged in only 5 and 6 may change (`+CME ERROR: 3` [I]);
 * `AT+UFTP?` lists the parameters without the password.
 */
import { intInRange, textArg, type AtArg } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { SaraContext } from './context.js';

export interface FtpParams {
  ip: string;
  host: string;
  user: string;
  password: string;
  account: string;
  /** Inactivity timeout in s, 0 = none. */
  timeout: number;
  /** SARA-R5 linger times of op 5 (IADG App. A.1, app-note default 60 s). */
  lingerCmd: number;
  lingerData: number;
  /** 0 active (the default), 1 passive. */
  mode: number;
  port: number;
  secure: number;
  secProfile: number;
  /** Op 12 (SARA-R5): data-channel encryption. */
  dataSecure: number;
}

export const defaultParams = (): FtpParams => ({
  ip: '', host: '', user: '', password: '', account: '',
  timeout: 30, lingerCmd: 60, lingerData: 60, mode: 0, port: 21, secure: 0, secProfile: 0, dataSecure: 0,
});

/** Reads one op's parameters into `p`; false when a value is out of range. */
function apply(op: number, p: FtpParams, a: Array<AtArg | undefined>, linger: boolean): boolean {
  const d = defaultParams();
  const reset = a.length === 0;
  const str = (max: number): string | undefined => (reset ? '' : textArg(a[0], max));
  const int = (min: number, max: number, fallback: number): number | undefined => (reset ? fallback : intInRange(a[0], min, max));
  switch (op) {
    case 0:
    case 1: {
      const v = str(op === 0 ? 64 : 128);
      if (v === undefined || a.length > 1 || (op === 0 && v !== '' && !/^[0-9a-fA-F.:]+$/.test(v))) return false;
      // R4-MAN §20.1: the two are mutually exclusive.
      p.ip = op === 0 ? v : '';
      p.host = op === 1 ? v : '';
      return true;
    }
    case 2:
    case 3:
    case 4: {
      const v = str(30);
      if (v === undefined || a.length > 1) return false;
      if (op === 2) p.user = v;
      else if (op === 3) p.password = v;
      else p.account = v;
      return true;
    }
    case 5: {
      const t = int(0, 86400, d.timeout);
      const lc = a[1] === undefined ? p.lingerCmd : intInRange(a[1], 0, 120);
      const ld = a[2] === undefined ? p.lingerData : intInRange(a[2], 0, 120);
      if (t === undefined || lc === undefined || ld === undefined || a.length > (linger ? 3 : 1)) return false;
      Object.assign(p, { timeout: t, lingerCmd: lc, lingerData: ld });
      return true;
    }
    case 6:
    case 7: {
      const v = op === 6 ? int(0, 1, d.mode) : int(1, 65535, d.port);
      if (v === undefined || a.length > 1) return false;
      if (op === 6) p.mode = v;
      else p.port = v;
      return true;
    }
    case 8: {
      const v = int(0, 1, d.secure);
      const profile = a[1] === undefined ? 0 : intInRange(a[1], 0, 4);
      if (v === undefined || profile === undefined || a.length > 2) return false;
      Object.assign(p, { secure: v, secProfile: profile });
      return true;
    }
    case 12: {
      const v = int(0, 1, d.dataSecure);
      if (v === undefined || a.length > 1) return false;
      p.dataSecure = v;
      return true;
    }
    default:
      return false;
  }
}

export function uftpCommand(ctx: SaraContext): CommandHandler {
  const { core, ftp, profile } = ctx;
  const out = core.out;
  return (cmd) => {
    if (cmd.form === 'test') return out.respond([profile.uftpTest]);
    const p = ftp.params;
    if (cmd.form === 'read') {
      // [I]: one line per parameter, quoted strings, the password never shown (R4-MAN §20.1).
      const lines = [
        `+UFTP: 0,"${p.ip}"`,
        `+UFTP: 1,"${p.host}"`,
        `+UFTP: 2,"${p.user}"`,
        `+UFTP: 4,"${p.account}"`,
        profile.linger ? `+UFTP: 5,${p.timeout},${p.lingerCmd},${p.lingerData}` : `+UFTP: 5,${p.timeout}`,
        `+UFTP: 6,${p.mode}`,
        `+UFTP: 7,${p.port}`,
        `+UFTP: 8,${p.secure},${p.secProfile}`,
      ];
      if (profile.dataTls) lines.push(`+UFTP: 12,${p.dataSecure}`);
      return out.respond(lines);
    }
    const op = intInRange(cmd.args[0], 0, 12);
    if (cmd.form !== 'write' || op === undefined || (op > 8 && !(op === 12 && profile.dataTls))) return out.cmeError(50);
    // R4-MAN §20.1: while logged in only the inactivity timeout and the mode may change.
    if (ftp.loggedIn && op !== 5 && op !== 6) return out.cmeError(3);
    const next = { ...p };
    if (!apply(op, next, cmd.args.slice(1), profile.linger)) return out.cmeError(50);
    Object.assign(p, next);
    if (op === 5) ftp.armIdle();
    out.ok();
  };
}
