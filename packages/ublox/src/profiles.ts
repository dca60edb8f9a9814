import { strategyTable, type ModemIdentity, type StrategyTable } from '@cellftp/core';

/** Download strategies: `direct` (AT+UFTPC=6 over the serial port) and `fs` (staged in the module's flash, read with AT+URDBLOCK). */
export type UbloxDownloadStrategy = 'direct' | 'fs';
/** Upload strategies: `direct` (AT+UFTPC=7) and `fs` (AT+UDWNFILE, then AT+UFTPC=5). */
export type UbloxUploadStrategy = 'direct' | 'fs';

/**
 * Members of the u-blox `AT+UFTP` family differ in tables, not flows
 * (digest §12): how the bearer comes up, whether direct link exists, whether
 * FTPS covers the data channel, how much flash there is. A profile is chosen
 * from `AT+CGMM`; flows read it and never ask which module they drive.
 */
export interface UbloxProfile {
  /** The family name errors and docs use. */
  readonly family: 'SARA-R4' | 'SARA-R5' | 'LARA-R6';
  readonly models: RegExp;
  /**
   * How `connect()` brings the bearer up (digest §2): `cgact` = the attach's EPS
   * bearer, kept up with `AT+CGACT=1,<cid>` (SARA-R4, IADG §2.3); `upsd` = the
   * internal PSD profile 0 mapped to a cid and activated with `AT+UPSDA=0,3` (SARA-R5).
   */
  readonly bearer: 'cgact' | 'upsd';
  /** Highest cid (digest §2: SARA-R5 0–11, SARA-R4 0–7). */
  readonly maxCid: number;
  /**
   * `AT+UFTP=8,1` (explicit FTPS) exists and `AT+UFTP=12,1` encrypts the data
   * channel too (SARA-R5, IADG §9.2). SARA-R4 encrypts the control channel only
   * (R4-MAN §20.1 op 8), so file data would travel in clear.
   */
  readonly dataChannelTls: boolean;
  /** Models without FTPS at all (R4-MAN §20.1 op 8: SARA-R404M, SARA-R410M-01B). */
  readonly noTls?: RegExp;
  /**
   * Flash file-system size hint in bytes, for messages only: the free space is
   * always asked (`AT+ULSTFILE=1`) before staging. SARA-R4's manual example
   * shows 236 800 bytes free (digest §5.1, §10).
   */
  readonly flashHint: number;
  /** Strategies, the measured fastest first; a firmware that refuses one gets the next. */
  readonly downloads: StrategyTable<UbloxDownloadStrategy>;
  readonly uploads: StrategyTable<UbloxUploadStrategy>;
}

/**
 * SARA-R404M / R410M / R412M / R422 (R4-MAN R09/R16, IADG). The `AT+UFTPC`
 * test response lists no op 6/7 (digest §4, §5.2): direct link is not offered.
 */
export const SARA_R4: UbloxProfile = {
  family: 'SARA-R4',
  models: /SARA-R4\d\d/i,
  bearer: 'cgact',
  maxCid: 7,
  dataChannelTls: false,
  noTls: /SARA-R404M|SARA-R410M-01B/i,
  flashHint: 236_800,
  downloads: strategyTable(['fs']),
  uploads: strategyTable(['fs']),
};

/**
 * SARA-R500S / R510S / R510M8S (IADG, SPARK): direct link (ops 6/7) and FTPS
 * on both channels. Defaults measured with `pnpm bench` (docs/vendor-mapping.md):
 * staging first both ways (a direct link pays the `+++` guards, 1 s after a
 * download and 2 s + 1 s after an upload, on every transfer); a file that does
 * not fit in the flash goes direct.
 */
export const SARA_R5: UbloxProfile = {
  family: 'SARA-R5',
  models: /SARA-R5\d\d/i,
  bearer: 'upsd',
  maxCid: 11,
  dataChannelTls: true,
  flashHint: 2 * 1024 * 1024,
  downloads: strategyTable(['fs', 'direct']),
  uploads: strategyTable(['fs', 'direct']),
};

/** LARA-R6: the same `+UFTP` family in u-blox's general manual, inferred from SARA-R5 (digest §1, §14 [I]). */
export const LARA_R6: UbloxProfile = { ...SARA_R5, family: 'LARA-R6', models: /LARA-R6\d*/i };

export const UBLOX_PROFILES: readonly UbloxProfile[] = [SARA_R4, SARA_R5, LARA_R6];

/** The profile of a u-blox module (`u-blox` in CGMI or ATI, digest §1), or undefined. */
export function ubloxProfileOf(id: ModemIdentity): UbloxProfile | undefined {
  if (!/u-?blox/i.test(id.manufacturer) && !id.ati.some((line) => /u-?blox/i.test(line))) return undefined;
  const named = [id.model, ...id.ati];
  return UBLOX_PROFILES.find((p) => named.some((text) => p.models.test(text)));
}
