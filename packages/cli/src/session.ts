import { MIN_REDACTED_USER, openModem, type FtpSession, type Modem } from '@cellftp/core';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import type { CliContext } from './context.js';
import { usageError } from './exit-codes.js';
import type { FtpCliOptions, ModemCliOptions } from './options.js';
import { ProgressBoard } from './progress.js';
import type { FtpTarget } from './target.js';
import { traceToStderr } from './trace.js';

/** Every driver the CLI knows; detection picks the one that claims the module. */
export function allDrivers() {
  return [quectel(), simcom()];
}

/**
 * Opens the modem named by `--port`, runs `fn`, and always closes the port,
 * also when `fn` fails.
 */
export async function withModem<T>(ctx: CliContext, options: ModemCliOptions, fn: (modem: Modem) => Promise<T>): Promise<T> {
  if (!options.port) throw usageError('no modem: give --port <path> (or set CELLFTP_PORT)');
  ctx.phase = 'modem';
  const modem = await openModem({
    path: options.port,
    baudRate: options.baud,
    drivers: allDrivers(),
    signal: ctx.signal,
    ...(options.trace ? { trace: traceToStderr(ctx.con) } : {}),
  });
  try {
    return await fn(modem);
  } finally {
    await modem.close();
  }
}

/**
 * Opens the modem, activates the data context, logs in to `target` and runs
 * `fn` with the session and a progress board; logs out and closes the port
 * whatever happens.
 */
export async function withFtp<T>(
  ctx: CliContext,
  options: FtpCliOptions,
  target: FtpTarget,
  fn: (ftp: FtpSession, board: ProgressBoard) => Promise<T>,
): Promise<T> {
  ctx.con.secret(target.password);
  // User names are credentials too (issue #7), with the trace's rule (SecretRedactor.addUser): not
  // 'anonymous', and not one to three characters, which would mangle ordinary words in every line.
  if (target.user.toLowerCase() !== 'anonymous' && target.user.length >= MIN_REDACTED_USER) ctx.con.secret(target.user);
  return withModem(ctx, options, async (modem) => {
    await modem.connect({ apn: options.apn, signal: ctx.signal });
    ctx.phase = 'ftp';
    const ftp = await modem.ftp({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      secure: target.secure,
      dangerouslyAcceptAnyCertificate: options.insecure,
    });
    const board = new ProgressBoard(ctx.con.streams.stderr, options.progress && ctx.con.interactive && !options.json);
    const unfollow = board.follow(ftp, modem.info.model);
    try {
      return await fn(ftp, board);
    } finally {
      unfollow();
      board.stop();
      await ftp.close().catch(() => undefined);
    }
  });
}
