/**
 * The test FTP server in a process of its own, for the memory bench: prints
 * `{ host, port, user, password, root }` as one JSON line, serves until its
 * stdin closes. In the field the FTP server is another machine; here it keeps
 * ftp-srv's own buffers out of the RSS that the SDK is measured by.
 */
import { startTestFtpServer } from '@cellftp/emulator';

const server = await startTestFtpServer();
process.stdout.write(`${JSON.stringify({ host: server.host, port: server.port, user: server.user, password: server.password, root: server.root })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.stop().finally(() => process.exit(0));
});
