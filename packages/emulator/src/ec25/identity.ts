import type { ModemIdentity } from '../common/basic-commands.js';

/**
 * EC25 identification exactly as the EC2x AT manual v2.0 §2.1–2.6 example shows
 * (VENDOR-FACTS §B.8); radio values are a healthy registered module.
 */
export const EC25_IDENTITY: ModemIdentity = {
  manufacturer: 'Quectel',
  model: 'EC25',
  revision: 'EC25EFAR02A09M4G',
  ati: ['Quectel', 'EC25', 'Revision: EC25EFAR02A09M4G'],
  csq: '24,99',
  cereg: '0,1',
};

/** Start-up output of an EC2x after power-on/reset (URC `RDY`, then SIM/stack ready). */
export const EC25_STARTUP = ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'];
