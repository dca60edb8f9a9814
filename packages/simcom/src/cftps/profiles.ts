import { strategyTable, type ModemIdentity, type StrategyTable } from '@cellftp/core';

/**
 * Members of the `AT+CFTPS*` family differ in tables, not flows (digest §1,
 * §14): which optional commands exist, the lengths, the frame sizes. A profile
 * is chosen from `AT+CGMM`; flows read it and never ask which module they drive.
 */
export interface CftpsProfile {
  /** The family name errors and `modem.info` use. */
  readonly family: string;
  readonly models: RegExp;
  /** Longest path/name the commands take, in bytes (digest §11). */
  readonly maxPathBytes: number;
  /** Longest host/user/password of AT+CFTPSLOGIN. */
  readonly maxCredential: number;
  /** `AT+CFTPSSLCFG` + `AT+CSSLCFG` bind a verifying TLS context (A76xx/SIM767x only). */
  readonly sslConfig: boolean;
  /** `AT+CFTPSMODE` (A76xx 1603/1606/1803 builds); absent: passive only. */
  readonly mode: boolean;
  /** `AT+CFTPSABORT` (SIM7600; it also logs out and drops the PDP, Q9). */
  readonly abort: boolean;
  /** `AT+CFTPSLIST` needs its directory argument (A76xx); SIM7600 defaults to the cwd. */
  readonly listNeedsDir: boolean;
  /** Largest `DATA,<len>` frame the documents show: informational, the parser takes any length. */
  readonly maxFrame: number;
  /** `AT+CFTPSPUTFILE` storage numbers (digest §7.2), kept for the docs and a future storage strategy. */
  readonly storage: Readonly<Record<string, number>>;
  readonly downloads: StrategyTable<'frames' | 'cache'>;
  readonly uploads: StrategyTable<'stream' | 'block'>;
}

/** A7670/A7672/A7608/A7600 (ASR): A-MAN V1.09 ch. 17, A-AN V1.02. */
export const A76XX: CftpsProfile = {
  family: 'A76xx',
  models: /^A76\d\d/i,
  maxPathBytes: 112,
  maxCredential: 128,
  sslConfig: true,
  mode: true,
  abort: false,
  listNeedsDir: true,
  maxFrame: 1024,
  storage: { 'C:/': 1, 'D:/': 2 },
  downloads: strategyTable(['frames']),
  uploads: strategyTable(['stream', 'block']),
};

/** SIM7670G/SIM7672G (ASR): M-MAN V1.06 ch. 15, the A76xx set (data headers printed without the space). */
export const SIM767X: CftpsProfile = { ...A76XX, family: 'SIM767x', models: /SIM767\d/i };

/** SIM7500/SIM7600/SIM7800 (Qualcomm): S-MAN V3.00 ch. 12, S-AN V3.00. */
export const SIM7600: CftpsProfile = {
  family: 'SIM7600',
  models: /SIM7[5-8]00/i,
  maxPathBytes: 256,
  maxCredential: 256,
  sslConfig: false,
  mode: false,
  abort: true,
  listNeedsDir: false,
  maxFrame: 1480,
  storage: { 'F:/': 1, 'D:/': 2, 'E:/': 3 },
  downloads: strategyTable(['frames', 'cache']),
  uploads: strategyTable(['stream', 'block']),
};

export const CFTPS_PROFILES: readonly CftpsProfile[] = [A76XX, SIM767X, SIM7600];

/** The profile of a SIMCom `AT+CFTPS*` module, or undefined (SIM70x0 and others are not this family). */
export function cftpsProfileOf(id: ModemIdentity): CftpsProfile | undefined {
  if (!/SIMCOM/i.test(id.manufacturer) && !id.ati.some((line) => /SIMCOM/i.test(line))) return undefined;
  const model = id.model.replace(/^SIMCOM_/i, '');
  return CFTPS_PROFILES.find((p) => p.models.test(model));
}
