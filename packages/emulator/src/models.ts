/**
 * The one list of virtual modem models. `startVirtualModem`, the `cellftp-emulator` bin, the CLI and the test
 * rigs all read it; a new model is one line here (plus its dialect file and handlers).
 */
import { createBg96Model } from './bg96/dialect.js';
import { A7670E_PROFILE, createCftpsModel, SIM7600G_PROFILE } from './cftps/index.js';
import { createEc25Model } from './ec25/model.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from './model/types.js';
import { createSaraModel, SARA_R410M_PROFILE, SARA_R5_PROFILE } from './sara/index.js';
import { createSim7080Model } from './sim7080/model.js';

/** One registered model. */
export interface VirtualModelSpec {
  /**
   * The driver family that speaks its dialect (`@cellftp/quectel` → `'quectel'`), as `modem.info.vendor`
   * reports it.
   */
  vendor: string;
  /** Builds the model on a link's I/O. */
  create(io: ModemIo, options: ModelOptions): VirtualModemModel;
  /** Firmware variants it can be started with (`startVirtualModem({ variants })`), each with its source. */
  variants: Readonly<Record<string, string>>;
}

const REGISTRY = {
  EC25: {
    vendor: 'quectel',
    create: createEc25Model,
    variants: {
      'open-closed-port-606': 'a closed server port answers +QFTPOPEN: 606,0 (EC25 field report) instead of 605,0',
      'get-150-once': 'the first download of each file fails once with +QFTPGET: 627,150 (EC25/EP06 field report)',
      'pwd-quoted': '+QFTPPWD: 0,"/" (quoted, as Quectel\'s driver parses it) instead of the AN §3.3 form 0,/',
      'no-space': 'result URCs without the space after the colon (+QFTPSIZE:0,1000), as AN §3.4 prints some',
    },
  },
  BG96: {
    vendor: 'quectel',
    create: createBg96Model,
    variants: {
      'size-no-err': '+QFTPSIZE: <n> without <err>, as the BG96 FTP(S) manual §3.4 prints it (§2.7/§3.6: 0,<n>)',
      bg95: 'a BG95-M3: its own identification and no AT+QFTPNLST/NLIST (Quectel\'s own driver code, ql_ftp.c)',
    },
  },
  SIM7080G: {
    vendor: 'simcom',
    create: createSim7080Model,
    variants: {
      'etput-ok-first': 'AT+FTPETPUT=2 answers OK then +FTPETPUT:2,1 (FTP application notes V1.01/V1.02)',
      'no-ftpssl': 'a firmware without AT+FTPSSL (ERROR): plain FTP only',
      'no-et': 'a firmware without AT+FTPETGET / AT+FTPETPUT (ERROR)',
      'no-space': 'result URCs without the space after the colon (+FTPGET:1,1), as the application notes print them',
      'put-no-maxlength': '+FTPPUT: 1,1 without <maxlength>, as the AT manual V1.05 §15.2.16 example prints it',
    },
  },
  A7670E: {
    vendor: 'simcom',
    create: (io, options) => createCftpsModel(A7670E_PROFILE, io, options),
    variants: {
      'no-space': 'result lines without the space after the colon (+CFTPSGET:DATA,<len>, +CFTPSSIZE:<n>), as SIM767XX manual V1.06 and S-AN print them',
      'ati-manual': 'ATI prints "Manufacturer: INCORPORATED", as the A76XX manual V1.09 §2 example does (CGMI: SIMCOM INCORPORATED)',
      'cgmm-suffix': 'AT+CGMM answers A7670E-LASE, the form real modules are said to report (digest §1, not seen in a log)',
      atready: 'start-up with *ATREADY: 1 instead of RDY (A76xx board logs; no manual prints a boot sequence)',
      'prompt-space': 'the upload prompt is "> " (SIM5320 Mbed driver) instead of A-AN\'s ">"',
      'data-ssl-unbound': 'over FTPS, LIST/GET/PUT fail (implicit 14, explicit 1) unless AT+CFTPSSLCFG=1,<ctx> bound the data session (LilyGo-Modem-Series #320, an A7670E)',
      'get-range': 'AT+CFTPSGET="<file>",<offset>,<len> downloads <len> bytes from <offset>, as SIMCom\'s own FTP tool uses it (not in A-MAN V1.09)',
    },
  },
  SIM7600G: {
    vendor: 'simcom',
    create: (io, options) => createCftpsModel(SIM7600G_PROFILE, io, options),
    variants: {
      'no-space': 'result lines without the space after the colon (+CFTPSSIZE:1261568), as the SIM7600 FTP(S) application note V3.00 prints some',
      'prompt-space': 'the upload prompt is "> " (SIM5320 Mbed driver) instead of ">"',
      'urc-before-ok': '+CFTPSLOGIN/+CFTPSLOGOUT/+CFTPSPWD before OK, which S-MAN V3.00 also allows (default: after OK, as A-MAN and both notes)',
    },
  },
  'SARA-R5': {
    vendor: 'ublox',
    create: (io, options) => createSaraModel(SARA_R5_PROFILE, io, options),
    variants: {
      'direct-auto-exit': 'direct link (AT+UFTPC=6) leaves by itself at the end of the file (R4-MAN §20.2.3 op 6 text) instead of waiting for +++ (R4-MAN §20.2.4 note, IADG §9.1.1)',
      'active-reachable': 'active FTP mode (AT+UFTP=6,0, the default) works, as on a network without NAT; by default transfers in active mode fail with +UFTPER: 1,42 (IADG: "always set AT+UFTP=6,1")',
    },
  },
  'SARA-R410M': {
    vendor: 'ublox',
    create: (io, options) => createSaraModel(SARA_R410M_PROFILE, io, options),
    variants: {
      'direct-link': 'a firmware with direct link: AT+UFTPC=? lists 6 and 7 and they work, as R4-MAN §20.2.3/§20.2.4 document their syntax (its own test response omits them)',
      'active-reachable': 'active FTP mode (AT+UFTP=6,0, the default) works, as on a network without NAT; by default transfers in active mode fail with +UFTPER: 1,42 (IADG: "always set AT+UFTP=6,1")',
    },
  },
} as const satisfies Record<string, VirtualModelSpec>;

/** Name of a registered model. */
export type VirtualModelName = keyof typeof REGISTRY;

/** Every registered model name, e.g. for a CLI's `--model` choices. */
export function virtualModelNames(): VirtualModelName[] {
  return Object.keys(REGISTRY) as VirtualModelName[];
}

/**
 * The registered model called `name` (case-insensitive).
 *
 * @throws Error naming the known models when there is none.
 */
export function virtualModel(name: string): VirtualModelSpec & { name: VirtualModelName } {
  const found = virtualModelNames().find((known) => known === name.toUpperCase());
  if (!found) throw new Error(`unknown virtual modem model "${name}"; known models: ${virtualModelNames().join(', ')}`);
  return { name: found, ...REGISTRY[found] };
}

/** The firmware variants `model` can be started with, by name, with their sources. */
export function virtualModelVariants(model: VirtualModelName): Readonly<Record<string, string>> {
  return REGISTRY[model].variants;
}
