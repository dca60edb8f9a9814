/**
 * Field noise for the repo's conformance and reliability rigs: real modules
 * print start-up and network lines whenever they like, so the suites run with
 * the virtual modems doing the same (issue 14). The seed comes from
 * `CELLFTP_FIELD_SEED` (CI runs several); `CELLFTP_FIELD_SEED=off` runs clean.
 */
import type { FieldNoise } from '@cellftp/emulator';

/** The seed of this run, or undefined when field noise is switched off. */
export function fieldSeed(): number | undefined {
  const text = process.env.CELLFTP_FIELD_SEED ?? '1';
  if (text === 'off') return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`CELLFTP_FIELD_SEED must be an integer or "off", got "${text}"`);
  return seed;
}

/** `{ field }` for `startVirtualModem`, seeded per rig so two modems in one run differ. */
export function fieldOptions(salt = 0): { field?: FieldNoise } {
  const seed = fieldSeed();
  if (seed === undefined) return {};
  // Lines inside answers break the SIMCom driver's identification today (issue 13): opt in with CELLFTP_FIELD_IN_ANSWERS=1.
  const inAnswers = process.env.CELLFTP_FIELD_IN_ANSWERS === '1';
  return { field: { seed: seed * 1000 + salt, urcRate: 0.05, inAnswers } };
}
