/**
 * The SIM7080G's line-level dialect: start-up lines, identification and status answers (AT manual V1.05
 * §2.2.5, §3.2.1–3.2.3; VENDOR-FACTS A.8; S-FTPAN §4.1 for the status values; strings are the manual's own
 * examples), framing.
 */
import type { BasicTable } from '../common/basic-commands.js';
import type { DialectFraming } from '../common/modem-core.js';
import { Cme, cmeText } from './errors.js';

/** Start-up lines after power-on or reboot [I: the usual SIM7080 boot sequence]. */
export const SIM7080_STARTUP = ['RDY', '+CFUN: 1', '+CPIN: READY', 'SMS Ready'] as const;

export const SIM7080_BASICS: BasicTable = {
  exec: {
    I: ['R1951.01'],
    '+CGMI': ['SIMCOM_Ltd'],
    '+GMI': ['SIMCOM_Ltd'],
    '+CGMM': ['SIMCOM_SIM7080'],
    '+GMM': ['SIMCOM_SIM7080G'],
    // The manual prints different example revisions for CGMR and GMR; both are kept verbatim.
    '+CGMR': ['Revision:1951B02SIM7080'],
    '+GMR': ['Revision:1951B01SIM7080G'],
    '+GSV': ['SIMCOM_Ltd', 'SIMCOM_SIM7080', 'Revision:1951B02SIM7080'],
    '+CGSN': ['869951030000000'],
    '+GSN': ['869951030000000'],
    '+CSQ': ['+CSQ: 27,99'],
    '+CGNAPN': ['+CGNAPN: 1,"ctnb"'],
  },
  read: {
    '+CPIN': '+CPIN: READY',
    '+CGATT': '+CGATT: 1',
    '+CEREG': '+CEREG: 0,1',
    '+COPS': '+COPS: 0,0,"CHN-CT",9',
    '+CFUN': '+CFUN: 1',
  },
  test: {
    '+CSQ': '+CSQ: (0-31,99),(0-7,99)',
    '+CGATT': '+CGATT: (0,1)',
    '+CEREG': '+CEREG: (0-2,4)',
  },
  // AT manual: AT+CPOWD=1 prints NORMAL POWER DOWN (no OK) and the module switches off.
  powerDown: { command: '+CPOWD', ok: false, line: 'NORMAL POWER DOWN' },
  parameterError: Cme.parameter,
};

/** Network and clock lines SIM7080 modules print unasked (issue 13's field logs; the odd quote is real). */
export const SIM7080_NETWORK = ['*PSUTTZ: 26/12/02,03:21:25","+04",0', 'DST: 0', '+CTZV: +04,0', '+CEREG: 1'];

/**
 * SIMCom framing: every information line framed on its own, `AT+CMEE=0` from power-on, 559 characters after
 * `AT` (§1.4.4).
 */
export const SIM7080_FRAMING: DialectFraming = {
  startupLines: SIM7080_STARTUP,
  cmee: 0,
  errorText: cmeText,
  frameEachLine: true,
  maxLineLength: 561,
  fieldLines: { network: SIM7080_NETWORK },
};
