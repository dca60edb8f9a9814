import { matchAny, type LineMatcher } from './matchers.js';

/** How a line ends a command, if it does. */
export type FinalKind = 'success' | 'error' | undefined;

const STANDARD_ERRORS = ['ERROR', 'NO CARRIER', 'NO DIALTONE', 'BUSY', 'NO ANSWER'];

/**
 * Classifies `line` as a final result for a command with the given extra
 * finals. V.250 results are matched whole (`OK`, `ERROR`), `+CME ERROR:` and
 * `+CMS ERROR:` by prefix.
 */
export function classifyFinal(
  line: string,
  extraSuccess: readonly LineMatcher[] | undefined,
  extraErrors: readonly LineMatcher[] | undefined,
): FinalKind {
  if (line === 'OK' || matchAny(extraSuccess, line)) return 'success';
  if (STANDARD_ERRORS.includes(line) || line.startsWith('+CME ERROR:') || line.startsWith('+CMS ERROR:')) {
    return 'error';
  }
  if (matchAny(extraErrors, line)) return 'error';
  return undefined;
}
