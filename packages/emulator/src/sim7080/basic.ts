/**
 * Identification and status commands (AT manual V1.05 §2.2.5, §3.2.1–3.2.3;
 * VENDOR-FACTS A.8; S-FTPAN §4.1 for the status values). Strings are the
 * manual's own examples.
 */
import { intArg, type AtLine } from './at-line.js';
import type { Output } from './output.js';

/** Start-up lines after power-on or reboot [I: the usual SIM7080 boot sequence]. */
export const STARTUP_LINES = ['RDY', '+CFUN: 1', '+CPIN: READY', 'SMS Ready'] as const;

/** Execute-form answers: one or more lines then OK; the test form just answers OK. */
const FIXED: Record<string, readonly string[]> = {
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
};

/** Read-form answers. */
const READ: Record<string, string> = {
  '+CPIN': '+CPIN: READY',
  '+CGATT': '+CGATT: 1',
  '+CEREG': '+CEREG: 0,1',
  '+COPS': '+COPS: 0,0,"CHN-CT",9',
  '+CFUN': '+CFUN: 1',
};

/** Test-form answers other than a bare OK. */
const TEST: Record<string, string> = {
  '+CSQ': '+CSQ: (0-31,99),(0-7,99)',
  '+CGATT': '+CGATT: (0,1)',
  '+CEREG': '+CEREG: (0-2,4)',
  '+CMEE': '+CMEE: (0-2)',
  '+CPIN': '',
};

/** Handles `cmd` when it is a basic command; false otherwise. `setEcho` applies ATE0/ATE1. */
export function basicCommand(cmd: AtLine, out: Output, setEcho: (on: boolean) => void): boolean {
  const { name, form } = cmd;
  if (name === '' && form === 'exec') return (out.ok(), true);
  if (name === 'E') {
    if (cmd.inline === '0' || cmd.inline === '1' || cmd.inline === '') {
      setEcho(cmd.inline === '1');
      out.ok();
    } else out.error('parameter');
    return true;
  }
  if (name === 'Z' || name === '&F' || name === '&W') return (out.ok(), true);
  if (name === '+CMEE') {
    if (form === 'read') out.line(`+CMEE: ${out.cmee}`);
    if (form === 'test') out.line(TEST['+CMEE'] as string);
    if (form === 'write') {
      const n = intArg(cmd.args[0], 0, 2);
      if (n === undefined || cmd.args.length !== 1) return (out.error('parameter'), true);
      out.cmee = n;
    }
    if (form === 'exec') out.cmee = 0;
    out.ok();
    return true;
  }
  if (name === '+CEREG' && form === 'write') {
    if (intArg(cmd.args[0], 0, 5) === undefined) out.error('parameter');
    else out.ok();
    return true;
  }
  const fixed = FIXED[name];
  if (fixed && form === 'exec') {
    for (const line of fixed) out.line(line);
    out.ok();
    return true;
  }
  if (form === 'read' && READ[name] !== undefined) return (out.line(READ[name] as string), out.ok(), true);
  if (form === 'test' && (fixed || TEST[name] !== undefined || READ[name] !== undefined)) {
    const text = TEST[name];
    if (text) out.line(text);
    out.ok();
    return true;
  }
  return false;
}
