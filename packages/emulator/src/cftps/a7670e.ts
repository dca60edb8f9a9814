/**
 * The A7670E (ASR Cat-1, A76xx family) as the A76XX AT Command Manual V1.09
 * (A-MAN) and FTP(S) Application Note V1.02 (A-AN) describe it: identification
 * shaped like the manual's §2 examples with this model's name, the A76xx
 * limits of chapter 17.
 */
import type { CftpsProfile } from './profile.js';
import { cftpsFraming, CFTPS_READ, CFTPS_TEST } from './shared-dialect.js';

export const A7670E_PROFILE: CftpsProfile = {
  basics: {
    exec: {
      // A-MAN §2's ATI prints "Manufacturer: INCORPORATED" (variant `ati-manual`); CGMI and S-MAN say SIMCOM INCORPORATED.
      I: ['Manufacturer: SIMCOM INCORPORATED', 'Model: A7670E', 'Revision: A7670E_V1.0', 'IMEI: 864424040000000', '+GCAP: +CGSM,+FCLASS,+DS'],
      '+CGMI': ['SIMCOM INCORPORATED'],
      '+CGMM': ['A7670E'],
      // A-MAN prints CGMR with its own prefix (`+CGMR: A35B01A7600C`).
      '+CGMR': ['+CGMR: A35B01A7670E'],
      '+CGSN': ['864424040000000'],
      '+CSQ': ['+CSQ: 24,99'],
    },
    read: CFTPS_READ,
    test: CFTPS_TEST,
    // A-MAN: AT+CPOF answers OK and the module switches off.
    powerDown: { command: '+CPOF', ok: true },
    parameterError: 50,
  },
  framing: cftpsFraming(),
  frameBytes: 1024,
  maxPath: 112,
  maxLogin: 128,
  listArgOptional: false,
  cache: false,
  abort: false,
  mode: true,
  sslcfg: true,
  disconnectNotify: true,
};
