/**
 * The SARA-R5 (SARA-R500S/R510S, u-blox UBX-R5 chipset) as the Internet
 * applications development guide UBX-20032566 (IADG) and SparkFun's SARA-R5
 * library describe it; its AT manual was not read (digest "Not obtained").
 * Identification as mbed-os #14510's SARA-R500S log prints it (`u-blox`,
 * `SARA-R500S`, `02.06`); PSD profile 0 must be activated for FTP
 * (IADG §2.3); direct link ops 6 and 7; `AT+UFTP=12` data-channel TLS.
 */
import type { SaraProfile } from './profile.js';
import { saraBasics, saraFraming, SARA_NETWORK } from './dialect.js';

export const SARA_R5_PROFILE: SaraProfile = {
  basics: saraBasics({
    model: 'SARA-R500S',
    revision: '02.06',
    svn: '01',
    imei: '357520070000000',
  }),
  // +UUPSDA repeats PSD profile 0's activation report unasked [I: the task's field-noise list].
  framing: saraFraming([...SARA_NETWORK, '+UUPSDA: 0,"10.80.12.1"']),
  ati9: '02.06,A00.01',
  ftpcOps: new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14]),
  // [I]: R4-MAN's list with the direct-link ops 6 and 7 that IADG §9.1 documents for SARA-R5.
  ftpcTest: '+UFTPC: (0-8,10,11,13,14,100)',
  uftpTest: '+UFTP: (0-8,12)',
  dataTls: true,
  linger: true,
  // [I] (assumption): the R5 AT manual was not read; 2 MiB is ours, tunable with timing.fsBytes.
  fsBytes: 2 * 1024 * 1024,
  psdProfile: true,
  // IADG §2.3 prelude: AT+CFUN=16 reboots.
  resetFun: [16],
  cfunTest: '+CFUN: (0,1,4,16),(0-1)',
  maxCid: 11,
};
