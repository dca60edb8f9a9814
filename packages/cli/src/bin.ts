#!/usr/bin/env node
import { runCli } from './cli.js';
import { EXIT } from './exit-codes.js';

// Ctrl-C aborts the running command so it can release the modem (AT+QFTPCLOSE, port close) before exiting;
// a second Ctrl-C exits at once.
const controller = new AbortController();
const interrupt = (): void => {
  if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
  controller.abort();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

// `cellftp … | head` closes the pipe early: that is the reader's choice, not a failure worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

runCli(process.argv.slice(2), { signal: controller.signal }).then(
  (code) => {
    // Leftover handles (a serial port the OS is slow to release, ftp-srv timers) must not keep us alive.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`cellftp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.INTERNAL);
  },
);
