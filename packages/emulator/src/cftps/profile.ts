/**
 * What differs between the members of SIMCom's `AT+CFTPS*` family on the one
 * CFTPS model: tables, never handlers (reference digest
 * `simcom-a76xx-ftp.md`, "A76xx vs SIM7600"). A new member is a dialect file
 * that fills this in, plus a registry line.
 */
import type { BasicTable } from '../common/basic-commands.js';
import type { DialectFraming } from '../common/modem-core.js';

/** One family member's facts. */
export interface CftpsProfile {
  /** Identification and radio answers (A-MAN / S-MAN §2 examples). */
  basics: BasicTable;
  framing: DialectFraming;
  /** Largest data frame after `OK` (A-MAN: 1024; S-MAN examples: up to 1480, one TCP segment). */
  frameBytes: number;
  /** Longest path or directory name (A-MAN 112, S-MAN 256). */
  maxPath: number;
  /** Longest host, user and password (A-MAN 128, S-MAN 256). */
  maxLogin: number;
  /** `AT+CFTPSLIST` without a directory lists the current one (SIM7600); A-MAN requires the argument. */
  listArgOptional: boolean;
  /** `AT+CFTPSCACHERD` and the `<using_cache>` argument of `AT+CFTPSGET` (SIM7600 only). */
  cache: boolean;
  /** `AT+CFTPSABORT` (SIM7600 only; it also logs out and drops the PDP, S-MAN §12.2.18). */
  abort: boolean;
  /** `AT+CFTPSMODE` active/passive (A76xx 1603/1606/1803 builds only). */
  mode: boolean;
  /** `AT+CFTPSSLCFG` binds `AT+CSSLCFG` contexts to control and data (A76xx / SIM767x only). */
  sslcfg: boolean;
  /**
   * Module storage: the `<dir>` numbers of `AT+CFTPSGETFILE` / `AT+CFTPSPUTFILE` → drive (A-MAN: 1 `C:`,
   * 2 `D:`; S-MAN: 1 `F:`, 2 `D:`, 3 `E:`); the first is where a name without a drive lives.
   */
  drives: Readonly<Record<number, string>>;
  /** S-MAN's `+FSATTRI: <size>,<date>`; A-MAN prints the size alone. */
  fsattriDate: boolean;
  /** `AT+CFTPSGETFILE=…,4` stores a CA for SSL (`/mssl_cert/`, SIM7600 only). */
  certDir: boolean;
  /** Network lost under a started service: A76xx `+CFTPSNOTIFY: FTPS DISCONNECT` (A-MAN §17); SIM7600 documents none. */
  disconnectNotify: boolean;
}
