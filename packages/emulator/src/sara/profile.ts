/**
 * What differs between the u-blox SARA members on the one `AT+UFTP` model:
 * tables, never handlers (reference digest `ublox-sara-ftp.md`, "SARA-R4 vs
 * SARA-R5"). A new member is a dialect file that fills this in, plus a
 * registry line.
 */
import type { BasicTable } from '../common/basic-commands.js';
import type { DialectFraming } from '../common/modem-core.js';

/** One family member's facts. */
export interface SaraProfile {
  /** Identification and radio answers. */
  basics: BasicTable;
  framing: DialectFraming;
  /** `ATI9`: modem and application version (R4-MAN §4). */
  ati9: string;
  /** `AT+UFTPC` op codes this firmware runs (digest §4). */
  ftpcOps: ReadonlySet<number>;
  /** The `AT+UFTPC=?` line (R4-MAN R09 and R16: `+UFTPC: (0-5,8,10,11,13,14,100)`). */
  ftpcTest: string;
  /** The `AT+UFTP=?` line (R4-MAN: `+UFTP: (0-8)`). */
  uftpTest: string;
  /** `AT+UFTP=12,1`, data-channel encryption (SARA-R5 only, IADG §9.2). */
  dataTls: boolean;
  /** `AT+UFTP=5,<timeout>[,<linger_cmd>,<linger_data>]` (SARA-R5, IADG App. A.1). */
  linger: boolean;
  /** Flash file system size in bytes when empty. */
  fsBytes: number;
  /** FTP needs PSD profile 0 activated with `AT+UPSDA=0,3` (SARA-R5); SARA-R4 uses the default EPS bearer. */
  psdProfile: boolean;
  /** The `AT+CFUN=<fun>` values that reset the module (R5 16, R4 15), besides `AT+CFUN=1,1`. */
  resetFun: readonly number[];
  /** The `AT+CFUN=?` line. */
  cfunTest: string;
  /** Highest context id (`AT+CGDCONT`): SARA-R5 11, SARA-R4 7 (IADG §2). */
  maxCid: number;
}
