/**
 * The SARA-R410M-02B as the SARA-R4/N4 AT Commands Manual UBX-17003787 R09
 * (R4-MAN) describes it: `+UFTPC: (0-5,8,10,11,13,14,100)` (no direct link),
 * the default EPS bearer (no PSD profile to activate, R4-MAN §20 intro), a
 * flash file system with the manual's `AT+ULSTFILE=1` example of 236 800
 * bytes free, `AT+CFUN=15` to reset and no `AT+CFUN=16` (TinyGSM #253/#257:
 * `+CFUN: (0,1,4,15),(0-1)` on a SARA-R412M-02B).
 */
import type { SaraProfile } from './profile.js';
import { saraBasics, saraFraming } from './dialect.js';

export const SARA_R410M_PROFILE: SaraProfile = {
  basics: saraBasics({
    model: 'SARA-R410M-02B',
    // [I]: the L0.0.00.00.05.xx form of R410M-02B firmware; TinyGSM #257's R412M prints `M0.05.00 [date]`.
    revision: 'L0.0.00.00.05.08 [Apr 17 2019 19:34:02]',
    svn: '03',
    imei: '354679090000000',
  }),
  framing: saraFraming(),
  ati9: 'L0.0.00.00.05.08,A.02.04',
  ftpcOps: new Set([0, 1, 2, 3, 4, 5, 8, 10, 11, 13, 14]),
  ftpcTest: '+UFTPC: (0-5,8,10,11,13,14,100)',
  uftpTest: '+UFTP: (0-8)',
  dataTls: false,
  linger: false,
  fsBytes: 236_800,
  psdProfile: false,
  resetFun: [15],
  cfunTest: '+CFUN: (0,1,4,15),(0-1)',
  maxCid: 7,
};
