import { FtpError } from '@cellftp/core';

/**
 * The `cellftp` exit codes. Scripts branch on these, so they are part of the
 * public surface and listed in `cellftp --help`.
 */
export const EXIT = {
  /** Everything worked. */
  OK: 0,
  /** A bug or an unexpected failure (not a modem or FTP answer). */
  INTERNAL: 1,
  /** Bad command line: unknown option, missing argument, invalid URL or path. */
  USAGE: 2,
  /** The FTP side failed: login refused, file not found, server or data-connection error. */
  FTP: 3,
  /** The modem side failed: device missing or busy, no answer, unknown module, link closed. */
  MODEM: 4,
  /** A transfer finished but its bytes did not verify (sha256 mismatch). */
  VERIFY: 5,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  INTERRUPTED: 130,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a failure happened: the same `TIMEOUT` means a silent modem while opening it, a slow server later. */
export type Phase = 'modem' | 'ftp';

/** An error the CLI reports with a chosen exit code and a short neutral `code` for `--json`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Builds the usage-error form of {@link CliError}. */
export function usageError(message: string): CliError {
  return new CliError(EXIT.USAGE, 'USAGE', message);
}

/**
 * Maps any failure to an exit code. `FtpError.code` decides first (bad input
 * is a usage error wherever it is caught; a modem-level code is a modem
 * error); otherwise the phase decides, because before the FTP login every
 * failure is the modem's.
 */
export function exitCodeFor(error: unknown, phase: Phase): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (!(error instanceof FtpError)) return EXIT.INTERNAL;
  if (error.code === 'INVALID_ARGUMENT') return EXIT.USAGE;
  if (error.code === 'ABORTED') return EXIT.INTERRUPTED;
  if (error.code === 'MODEM') return EXIT.MODEM;
  return phase === 'modem' ? EXIT.MODEM : EXIT.FTP;
}
