import { STRATEGIES as QUECTEL_STRATEGIES } from '@cellftp/quectel';
import { CFTPS_PROFILES, DOWNLOAD_STRATEGIES as SIMCOM_DOWNLOADS, UPLOAD_STRATEGIES as SIMCOM_UPLOADS, type CftpsProfile } from '@cellftp/simcom';
import { UBLOX_PROFILES, type UbloxProfile } from '@cellftp/ublox';

/**
 * The strategy names `--download-strategy` / `--upload-strategy` take, per
 * command set: Quectel, SIMCom SIM70x0 (`AT+FTP*`) and each group of SIMCom
 * `AT+CFTPS*` families and of u-blox families that share one list (read from
 * the drivers' profile tables, so a new family or strategy shows up here by itself).
 */
export function strategyHelp(direction: 'download' | 'upload'): string {
  const pick = (p: CftpsProfile | UbloxProfile): readonly string[] => (direction === 'download' ? p.downloads.names : p.uploads.names);
  const grouped = (vendor: string, profiles: ReadonlyArray<CftpsProfile | UbloxProfile>): string[] => {
    const groups = new Map<string, string[]>();
    for (const profile of profiles) {
      const names = pick(profile).join(', ');
      groups.set(names, [...(groups.get(names) ?? []), profile.family]);
    }
    return [...groups].map(([names, families]) => `${vendor} ${families.join('/')}: ${names}`);
  };
  const sim70 = (direction === 'download' ? SIMCOM_DOWNLOADS : SIMCOM_UPLOADS).join(', ');
  return [`quectel: ${QUECTEL_STRATEGIES.join(', ')}`, `simcom SIM70x0: ${sim70}`, ...grouped('simcom', CFTPS_PROFILES), ...grouped('ublox', UBLOX_PROFILES)].join('; ');
}
