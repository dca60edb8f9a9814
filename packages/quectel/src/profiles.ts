import { strategyTable, type ModemIdentity, type StrategyTable } from '@cellftp/core';

/**
 * Members of the Quectel `AT+QFTP*` family differ in tables, not flows
 * (reference digest `quectel-bg95-ec200u-ftp-differences.md`). A profile is
 * that table; the flows read it and never ask which module they talk to.
 */
export interface QuectelProfile {
  /** The family name `modem.info` and messages use. */
  readonly family: string;
  /** `AT+CGMM` (or the second `ATI` line) of the modules it covers. */
  readonly models: RegExp;
  /** Transfer strategies, default first; the module-file ones are the staging when `"COM:"` ranges are refused. */
  readonly strategies: StrategyTable<'com' | 'ufs' | 'ram'>;
  /** How a module file is named on a drive: EC2x `UFS:<n>`/`RAM:<n>`, BG9x plain UFS names. */
  readonly moduleFile: (drive: 'UFS' | 'RAM', name: string) => string;
  /** The drive listings are parked on before they are read out length-framed. */
  readonly listingDrive: 'UFS' | 'RAM';
  /** Whether `AT+QFTPNLST`/`NLIST` exist; without them names come from `LIST`. */
  readonly nlst: boolean;
  /** Whether `AT+QSSLCFG="sni"` exists (not in the BG96 SSL manual V1.0's item list). */
  readonly sni: boolean;
  /** PDP contexts that may be active at once: the reason given when `AT+QIACT` is refused with that many active. */
  readonly pdp: { readonly maxActive: number; readonly source: string };
  /** `AT+QIACT` may take up to this long (150 s in the EC2x TCP(IP) AN and the BG96 TCP(IP) manual). */
  readonly activateMs: number;
}

const prefixed = (drive: 'UFS' | 'RAM', name: string): string => `${drive}:${name}`;
// "the file can only be UFS files", without a prefix (BG96 FTP(S) manual §2.5/2.6, FILE manual).
const plain = (_drive: 'UFS' | 'RAM', name: string): string => name;

/** EC2x / EG9x / EG2x-G / EM05: the FTP(S) AN v1.1 (VENDOR-FACTS §B). */
export const EC2X: QuectelProfile = {
  family: 'EC2x',
  // Not followed by a digit: EC200U / EG915U (Unisoc) share the prefixes but have no FTP documents.
  models: /^(EC2[015]|EG9[15]|EG2[15]|EM05)(?!\d)/i,
  strategies: strategyTable(['com', 'ufs', 'ram']),
  moduleFile: prefixed,
  listingDrive: 'RAM',
  nlst: true,
  sni: true,
  pdp: { maxActive: 3, source: 'TCP(IP) AN' },
  activateMs: 150_000,
};

const BG9X_BASE = {
  // No RAM drive: staging goes through UFS only.
  strategies: strategyTable(['com', 'ufs']),
  moduleFile: plain,
  listingDrive: 'UFS',
  sni: false,
  // The manuals disagree (TCP/IP: three; FTP(S) §4.2: four on Cat M1, two on NB1): three is what the TCP/IP manual states.
  pdp: { maxActive: 3, source: 'BG96 TCP(IP) manual; the FTP(S) manual §4.2 says four on LTE Cat M1, two on NB1' },
  activateMs: 150_000,
} as const;

/** BG96: the BG96 FTP(S), FILE, TCP(IP) and SSL manuals V1.0. */
export const BG96: QuectelProfile = { ...BG9X_BASE, family: 'BG96', models: /^BG96/i, nlst: true };

/** BG95 / BG77 / BG600L: Quectel's own driver code (no names-only listing there). */
export const BG95: QuectelProfile = { ...BG9X_BASE, family: 'BG95', models: /^(BG95|BG77|BG600L)/i, nlst: false };

export const PROFILES: readonly QuectelProfile[] = [EC2X, BG96, BG95];

/** The profile of an identified Quectel module, or undefined when it is not one the driver knows. */
export function profileOf(id: ModemIdentity): QuectelProfile | undefined {
  if (!/quectel/i.test(id.manufacturer) && !/^quectel$/i.test(id.ati[0] ?? '')) return undefined;
  const model = id.model || (id.ati[1] ?? '');
  return PROFILES.find((p) => p.models.test(model));
}
