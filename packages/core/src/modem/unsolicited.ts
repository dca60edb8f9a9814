import { RESTART_LOSSES } from '../driver-kit/loss-watch.js';

/** One kind of line that real modules print on their own, at any moment after power-on. */
export interface UnsolicitedLine {
  readonly match: RegExp;
  /** Who prints it, as reported (manuals, public logs and drivers). */
  readonly source: string;
}

/**
 * Lines real modules print unsolicited: start-up and SIM state, network time,
 * registration, power-down. They arrive in the middle of any exchange,
 * identification included, so no identification answer may ever be one of them;
 * they go to `urc$`. Patterns are anchored and specific so that a real
 * manufacturer, model or revision string can never match.
 */
export const UNSOLICITED_LINES: readonly UnsolicitedLine[] = [
  { match: /^\+CFUN: ?\d+$/, source: 'Quectel and SIMCom, after start-up' },
  { match: /^\+CPIN: ?[A-Z][A-Z0-9 ]*$/, source: 'Quectel and SIMCom, SIM state (READY, SIM PIN, NOT INSERTED)' },
  { match: /^\+QUSIM: ?\d+$/, source: 'Quectel EC2x, SIM type after start-up' },
  { match: /^\+QIND: ?/, source: 'Quectel (SMS DONE, PB DONE, "csq", "FOTA", …)' },
  { match: /^SMS Ready$/i, source: 'SIMCom SIM7080/SIM7000/SIM800, after start-up' },
  { match: /^Call Ready$/i, source: 'SIMCom SIM800/SIM7000, after start-up' },
  { match: /^PB DONE$/i, source: 'SIMCom SIM7600/A76xx, phonebook loaded' },
  { match: /^\*PSUTTZ: ?/, source: 'SIMCom, network time and zone' },
  { match: /^DST: ?\d+$/, source: 'SIMCom, daylight saving with *PSUTTZ' },
  { match: /^\+CTZV: ?/, source: 'SIMCom and Quectel, time zone' },
  { match: /^\+CTZE: ?/, source: 'Quectel and SIMCom, time zone extended' },
  { match: /^\*PSNWID: ?/, source: 'SIMCom, network name' },
  { match: /^\+C(E|G)?REG: ?/, source: '3GPP TS 27.007 registration' },
  { match: /^\+CGEV: ?/, source: '3GPP TS 27.007 packet domain events' },
  ...RESTART_LOSSES.map((rule) => ({ match: rule.match, source: 'Quectel and SIMCom, restart and power-down' })),
];

/** True when `line` is one a module prints on its own (see {@link UNSOLICITED_LINES}). */
export function isUnsolicited(line: string): boolean {
  return UNSOLICITED_LINES.some((entry) => entry.match.test(line));
}
