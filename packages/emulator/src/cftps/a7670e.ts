/**
 * The A7670E (ASR Cat-1, A76xx family) as the A76XX AT Command Manual V1.09
 * (A-MAN) and FTP(S) Application Note V1.02 (A-AN) describe it: identification
 * shaped like the manual's §2 examples with this model's name, the A76xx
 * limits of chapter 17, SSLCFG and MODE, no cache mode and no abort.
 */
import type { CftpsProfile } from './profile.js';
import { cftpsBasics, cftpsFraming } from './shared-dialect.js';

export const A7670E_PROFILE: CftpsProfile = {
  basics: cftpsBasics({
    // A-MAN §2's ATI prints "Manufacturer: INCORPORATED" (variant `ati-manual`); CGMI and S-MAN say SIMCOM INCORPORATED.
    ati: ['Manufacturer: SIMCOM INCORPORATED', 'Model: A7670E', 'Revision: A7670E_V1.0', 'IMEI: 864424040000000', '+GCAP: +CGSM,+FCLASS,+DS'],
    cgmm: 'A7670E',
    cgmr: 'A35B01A7670E',
    imei: '864424040000000',
  }),
  framing: cftpsFraming(),
  frameBytes: 1024,
  maxPath: 112,
  maxLogin: 128,
  listArgOptional: false,
  cache: false,
  abort: false,
  mode: true,
  sslcfg: true,
  drives: { 1: 'C:', 2: 'D:' },
  fsattriDate: false,
  certDir: false,
  disconnectNotify: true,
};
