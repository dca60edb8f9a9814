/**
 * Line-level facts every `AT+CFTPS*` module shares: SIMCom framing (each
 * information line framed on its own, `AT+CMEE=0` from power-on), start-up
 * and network lines, the radio status answers.
 */
import type { BasicTable } from '../common/basic-commands.js';
import type { DialectFraming } from '../common/modem-core.js';

/**
 * Start-up lines of SIMCom's LTE modules [I: field logs of SIM7600 and A76xx
 * boards; neither manual prints a boot sequence]. Variant `atready` (A7670E)
 * prints `*ATREADY: 1` first instead of `RDY`.
 */
export const CFTPS_STARTUP = ['RDY', '+CPIN: READY', 'SMS DONE', 'PB DONE'] as const;

/** Network and clock lines these modules print unasked [I: field logs]. */
export const CFTPS_NETWORK = ['+CEREG: 1', '+CTZV: +04,0', '+CGEV: EPS PDN ACT 1'] as const;

const CFTPS_READ: Readonly<Record<string, string>> = {
  '+CPIN': '+CPIN: READY',
  '+CGATT': '+CGATT: 1',
  '+CEREG': '+CEREG: 0,1',
  '+CREG': '+CREG: 0,1',
  '+COPS': '+COPS: 0,0,"CHINA MOBILE",7',
  '+CFUN': '+CFUN: 1',
};

const CFTPS_TEST: Readonly<Record<string, string>> = {
  '+CSQ': '+CSQ: (0-31,99),(0-7,99)',
  '+CGATT': '+CGATT: (0,1)',
  '+CEREG': '+CEREG: (0-2,4)',
};

/** SIMCom framing with the given start-up lines. */
export function cftpsFraming(startupLines: readonly string[] = CFTPS_STARTUP): DialectFraming {
  return {
    startupLines,
    cmee: 0,
    errorText: (code) => (code === 50 ? 'Incorrect parameters' : code === 3 ? 'operation not allowed' : undefined),
    frameEachLine: true,
    fieldLines: { network: CFTPS_NETWORK },
  };
}

/**
 * The basic table of a family member from its identification answers: the
 * radio state of a registered module, `AT+CPOF` (both manuals: `OK`, then
 * the module switches off), `+CME ERROR: 50` for bad values.
 */
export function cftpsBasics(identity: { ati: readonly string[]; cgmm: string; cgmr: string; imei: string }): BasicTable {
  return {
    exec: {
      I: identity.ati,
      '+CGMI': ['SIMCOM INCORPORATED'],
      '+CGMM': [identity.cgmm],
      // Both manuals print CGMR with its own prefix (`+CGMR: A35B01A7600C`, `+CGMR: LE11B01SIM7600C`).
      '+CGMR': [`+CGMR: ${identity.cgmr}`],
      '+CGSN': [identity.imei],
      '+CSQ': ['+CSQ: 24,99'],
    },
    read: CFTPS_READ,
    test: CFTPS_TEST,
    powerDown: { command: '+CPOF', ok: true },
    parameterError: 50,
  };
}
