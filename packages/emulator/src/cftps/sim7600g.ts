/**
 * The SIM7600G (Qualcomm LTE) as the SIM7500_SIM7600 Series AT Command Manual
 * V3.00 (S-MAN) ch. 12 and its FTP(S) Application Note V3.00 (S-AN) describe
 * it: identification shaped like S-MAN §2 with this model's name, frames of
 * up to 1480 bytes, 256-byte names, cache mode and abort, no SSLCFG or MODE.
 */
import type { CftpsProfile } from './profile.js';
import { cftpsBasics, cftpsFraming } from './shared-dialect.js';

export const SIM7600G_PROFILE: CftpsProfile = {
  basics: cftpsBasics({
    ati: ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G', 'Revision: LE11B01SIM7600G', 'IMEI: 862636050000000', '+GCAP: +CGSM'],
    cgmm: 'SIMCOM_SIM7600G',
    cgmr: 'LE11B01SIM7600G',
    imei: '862636050000000',
  }),
  framing: cftpsFraming(),
  frameBytes: 1480,
  maxPath: 256,
  maxLogin: 256,
  listArgOptional: true,
  cache: true,
  abort: true,
  mode: false,
  sslcfg: false,
  drives: { 1: 'F:', 2: 'D:', 3: 'E:' },
  fsattriDate: true,
  certDir: true,
  disconnectNotify: false,
};
