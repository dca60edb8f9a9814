/**
 * The SIM7600G (Qualcomm LTE) as the SIM7500_SIM7600 Series AT Command Manual
 * V3.00 (S-MAN) ch. 12 and its FTP(S) Application Note V3.00 (S-AN) describe
 * it: identification shaped like S-MAN §2 with this model's name, the larger
 * frames and limits, cache mode and abort, no SSLCFG or MODE.
 */
import type { CftpsProfile } from './profile.js';
import { cftpsFraming, CFTPS_READ, CFTPS_TEST } from './shared-dialect.js';

export const SIM7600G_PROFILE: CftpsProfile = {
  basics: {
    exec: {
      I: ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G', 'Revision: LE11B01SIM7600G', 'IMEI: 862636050000000', '+GCAP: +CGSM'],
      '+CGMI': ['SIMCOM INCORPORATED'],
      '+CGMM': ['SIMCOM_SIM7600G'],
      '+CGMR': ['+CGMR: LE11B01SIM7600G'],
      '+CGSN': ['862636050000000'],
      '+CSQ': ['+CSQ: 24,99'],
    },
    read: CFTPS_READ,
    test: CFTPS_TEST,
    powerDown: { command: '+CPOF', ok: true },
    parameterError: 50,
  },
  framing: cftpsFraming(),
  frameBytes: 1480,
  maxPath: 256,
  maxLogin: 256,
  listArgOptional: true,
  cache: true,
  abort: true,
  mode: false,
  sslcfg: false,
  disconnectNotify: false,
};
