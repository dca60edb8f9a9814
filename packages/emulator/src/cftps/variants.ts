/**
 * Firmware variants that change a profile's tables (the registry in
 * models.ts lists each with its source); `prompt-space` is read by put.ts.
 */
import type { CftpsProfile } from './profile.js';
import { cftpsFraming, CFTPS_STARTUP } from './shared-dialect.js';

export function applyVariants(base: CftpsProfile, variant: (name: string) => boolean): CftpsProfile {
  let profile = base;
  const exec = (name: string, lines: readonly string[]): void => {
    profile = { ...profile, basics: { ...profile.basics, exec: { ...profile.basics.exec, [name]: lines } } };
  };
  const ati = profile.basics.exec.I ?? [];
  if (variant('ati-manual')) exec('I', ati.map((l) => l.replace('Manufacturer: SIMCOM INCORPORATED', 'Manufacturer: INCORPORATED')));
  if (variant('cgmm-suffix')) {
    const model = profile.basics.exec['+CGMM']?.[0] ?? '';
    exec('+CGMM', [`${model}-LASE`]);
  }
  if (variant('atready')) profile = { ...profile, framing: cftpsFraming(['*ATREADY: 1', ...CFTPS_STARTUP.slice(1)]) };
  if (variant('no-space')) {
    profile = { ...profile, framing: { ...profile.framing, rewrite: (t: string) => t.replace(/^(\+CFTPS\w*): /, '$1:') } };
  }
  return profile;
}
