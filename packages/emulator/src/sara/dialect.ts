/**
 * Line-level facts both SARA members share: V.250 framing with the
 * information lines of a response in one block (`ATI` in TinyGSM #257's
 * SARA-R412M log), echo on, `AT+CMEE` 0 from power-on (27.007 default; the
 * mbed-os #14510 SARA-R500S log shows numeric `+CME ERROR: 3` after the host
 * set 1), no start-up line (no source prints one; see docs/emulator-sara.md).
 */
import type { BasicTable } from '../common/basic-commands.js';
import type { DialectFraming } from '../common/modem-core.js';

/** Network lines these modules print unasked [I: 27.007 `+CEREG`, u-blox socket and PSD URCs]. */
export const SARA_NETWORK = ['+CEREG: 1', '+UUSOCL: 0'] as const;

/** Verbose `+CME ERROR` texts of the 27.007 codes the model uses (`AT+CMEE=2`). */
const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  50: 'incorrect parameters',
};

export function saraFraming(network: readonly string[] = SARA_NETWORK): DialectFraming {
  return {
    startupLines: [],
    cmee: 0,
    errorText: (code) => CME_TEXT[code],
    fieldLines: { network },
  };
}

/** The identification of a member (ATI as TinyGSM #257's SARA-R412M prints it). */
export interface SaraIdentity {
  model: string;
  revision: string;
  svn: string;
  imei: string;
}

export function saraBasics(id: SaraIdentity): BasicTable {
  return {
    exec: {
      I: ['Manufacturer: u-blox', `Model: ${id.model}`, `Revision: ${id.revision}`, `SVN: ${id.svn}`, `IMEI: ${id.imei}`],
      '+CGMI': ['u-blox'],
      '+CGMM': [id.model],
      '+CGMR': [id.revision],
      '+CGSN': [id.imei],
      '+CSQ': ['+CSQ: 21,99'],
    },
    read: {
      '+CPIN': '+CPIN: READY',
      '+CGATT': '+CGATT: 1',
      '+CEREG': '+CEREG: 0,1',
      '+CREG': '+CREG: 0,1',
      '+COPS': '+COPS: 0,0,"u-blox test network",7',
    },
    test: {
      '+CSQ': '+CSQ: (0-31,99),(0-7,99)',
      '+CGATT': '+CGATT: (0,1)',
      '+CEREG': '+CEREG: (0-5)',
    },
    // R4-MAN §5: AT+CPWROFF switches the module off after OK.
    powerDown: { command: '+CPWROFF', ok: true },
    parameterError: 50,
  };
}
