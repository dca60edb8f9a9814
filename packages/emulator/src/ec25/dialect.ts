import type { BasicTable } from '../common/basic-commands.js';
import type { DialectFraming } from '../common/modem-core.js';
import { errorText } from './codes.js';
import { EC25_QFTPCFG, type QftpcfgItems } from './ftp-config.js';
import { ALL_DRIVES, type Drive } from './storage.js';

/** `ATI`, `AT+CGMM`/`GMM`, `AT+CGMR`/`GMR` of a Quectel module in the EC2x manual's shape. */
export function quectelIdentity(model: string, revision: string): Record<string, readonly string[]> {
  return { I: ['Quectel', model, `Revision: ${revision}`], '+CGMM': [model], '+GMM': [model], '+CGMR': [revision], '+GMR': [revision] };
}

/**
 * EC25 identification exactly as the EC2x AT manual v2.0 §2.1–2.6 example shows (VENDOR-FACTS §B.8); radio
 * values are a healthy registered module.
 */
export const EC25_BASICS: BasicTable = {
  exec: {
    ...quectelIdentity('EC25', 'EC25EFAR02A09M4G'),
    '+CGMI': ['Quectel'],
    '+GMI': ['Quectel'],
    '+CSQ': ['+CSQ: 24,99'],
  },
  read: { '+CPIN': '+CPIN: READY', '+CGATT': '+CGATT: 1', '+CEREG': '+CEREG: 0,1', '+CFUN': '+CFUN: 1' },
  test: { '+CSQ': '+CSQ: (0-31,99),(0-7,99)' },
  // EC2x AT manual: AT+QPOWD answers OK, then the module prints POWERED DOWN.
  powerDown: { command: '+QPOWD', ok: true, line: 'POWERED DOWN' },
};

/** Start-up output of an EC2x after power-on/reset (URC `RDY`, then SIM/stack ready). */
export const EC25_STARTUP = ['RDY', '+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'];

/** Network lines EC2x modules print unasked (VENDOR-FACTS quirks; issue 13's field logs). */
const EC25_NETWORK = ['+CEREG: 1', '+QIND: "csq",24,99', '+CTZV: +04,0', '+QIND: "act","LTE"'];

/** Quectel framing: information lines in one block, `AT+CMEE=1` from power-on. */
export const EC25_FRAMING: DialectFraming = { startupLines: EC25_STARTUP, cmee: 1, errorText, fieldLines: { network: EC25_NETWORK } };

/**
 * What differs between members of the Quectel `AT+QFTP*` family on this one model: tables, never handlers. A
 * new family member is a dialect file that fills this in, plus a registry line.
 */
export interface QuectelDialect {
  basics: BasicTable;
  framing: DialectFraming;
  /** Drive prefixes a local name may carry (EC2x `UFS:`/`RAM:`/`SD:`; BG96 none: plain UFS names). */
  drives: readonly Drive[];
  qftpcfg: QftpcfgItems;
  /** Whether `AT+QFTPNLST`/`AT+QFTPNLIST` exist (Quectel's own driver: not on BG95). */
  nlst: boolean;
  /** PDP contexts active at once. */
  maxActiveContexts: number;
}

/**
 * The EC25 as the EC2x AN v1.1 and AT manual v2.0 describe it; three active contexts (TCP(IP) AN,
 * VENDOR-FACTS §B.6).
 */
export const EC25_DIALECT: QuectelDialect = {
  basics: EC25_BASICS,
  framing: EC25_FRAMING,
  drives: ALL_DRIVES,
  qftpcfg: EC25_QFTPCFG,
  nlst: true,
  maxActiveContexts: 3,
};
