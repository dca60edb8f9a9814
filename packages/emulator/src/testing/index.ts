/**
 * `@cellftp/emulator/testing`: real FTP servers on 127.0.0.1 for tests of any
 * package (and of your own code against a virtual modem):
 * - ftp-srv in-process (LIST only, no MLSD; REST+STOR broken): {@link startTestFtpServer};
 * - proftpd as a child process (MLSD, explicit + implicit TLS, REST+STOR): {@link startProftpd}.
 *
 * @packageDocumentation
 */
export { startTestFtpServer, type RunningTestFtpServer, type TestFtpServerOptions } from './ftp-server.js';
export { PROFTPD, proftpdAvailable, startProftpd, type ProftpdServer } from './proftpd.js';
export { testCertificate, type TestCertificate } from './tls-cert.js';
export { requireTool } from './require-tool.js';
export type { TestFtpServer } from './types.js';
