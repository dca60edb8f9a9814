/**
 * Whether a test that needs an installed tool must run: a missing tool skips
 * the test with a visible message, except under CI where it must fail.
 */
export function requireTool(available: boolean, name: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`${name} is required under CI=true but is not installed`);
  console.warn(`SKIPPED: ${name} is not installed; install it to run these tests`);
  return false;
}
