/**
 * Real FTP servers for the emulator's tests, all on 127.0.0.1:
 * - ftp-srv in-process (LIST only, no MLSD; REST+STOR broken) via the package's own `startTestFtpServer`;
 * - proftpd as a child process (MLSD, explicit + implicit TLS, REST+STOR with AllowStoreRestart).
 */
export { startTestFtpServer, type RunningTestFtpServer } from '../../src/testing/ftp-server.js';
export { PROFTPD, proftpdAvailable, startProftpd, type ProftpdServer } from './proftpd.js';
export { testCertificate, type TestCertificate } from './tls-cert.js';
export type { TestFtpServer } from './types.js';

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
