import { readFileSync } from 'node:fs';
import type { FtpOptions, FtpSession, Modem, ModemDriver } from '@cellftp/core';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';
import { ublox } from '@cellftp/ublox';
import type { CliContext } from './context.js';
import { usageError } from './exit-codes.js';
import { openCliModem } from './modem-open.js';
import type { FtpCliOptions, ModemCliOptions } from './options.js';
import { ProgressBoard } from './progress.js';
import type { FtpTarget } from './target.js';
import { traceToStderr } from './trace.js';

/** Where FTPS finds its trust anchor, as the drivers take it. */
export interface CaSettings {
  /** PEM text of a local CA file (`--ca`). */
  pem?: string;
  /** A CA file already on the module (`--ca-name`). */
  name?: string;
}

/** Every driver the CLI knows; detection picks the one that claims the module. */
export function allDrivers(ca: CaSettings = {}): ModemDriver[] {
  return [
    quectel({ ...(ca.pem !== undefined ? { ca: ca.pem } : {}), ...(ca.name !== undefined ? { caCert: ca.name } : {}) }),
    simcom({ ...(ca.pem !== undefined ? { ca: ca.pem } : {}), ...(ca.name !== undefined ? { caName: ca.name } : {}) }),
    // u-blox verifies FTPS through a security profile prepared on the module (no CA upload in its documents).
    ublox(),
  ];
}

/** Reads `--ca` (already checked to exist by the command's local checks). */
export function caSettings(options: Pick<FtpCliOptions, 'ca' | 'caName'>): CaSettings {
  return {
    ...(options.ca !== undefined ? { pem: readFileSync(options.ca, 'utf8') } : {}),
    ...(options.caName !== undefined ? { name: options.caName } : {}),
  };
}

/**
 * Opens the modem named by `--port`, runs `fn`, and always closes the port,
 * also when `fn` fails.
 */
export async function withModem<T>(ctx: CliContext, options: ModemCliOptions, fn: (modem: Modem) => Promise<T>, drivers: ModemDriver[] = allDrivers()): Promise<T> {
  if (!options.port) throw usageError('no modem: give --port <path> (or set CELLFTP_PORT)');
  ctx.phase = 'modem';
  const modem = await openCliModem({
    port: options.port,
    baudRate: options.baud,
    readyTimeoutMs: options.readyTimeout,
    drivers,
    signal: ctx.signal,
    ...(options.trace ? { trace: traceToStderr(ctx.con) } : {}),
  });
  try {
    return await fn(modem);
  } finally {
    await modem.close();
  }
}

/** The `modem.ftp()` options of a URL target and the command line's FTP flags. */
export function ftpOptionsFor(
  target: FtpTarget,
  options: { insecure: boolean; downloadStrategy?: string | undefined; uploadStrategy?: string | undefined },
): FtpOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    secure: target.secure,
    dangerouslyAcceptAnyCertificate: options.insecure,
    ...(options.downloadStrategy !== undefined ? { downloadStrategy: options.downloadStrategy } : {}),
    ...(options.uploadStrategy !== undefined ? { uploadStrategy: options.uploadStrategy } : {}),
  };
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
  fn: (ftp: FtpSession, board: ProgressBoard, modem: Modem) => Promise<T>,
): Promise<T> {
  ctx.con.secret(target.password);
  // User names are credentials too (issue #7): not 'anonymous'; the console decides where a short one is redacted.
  if (target.user.toLowerCase() !== 'anonymous') ctx.con.secret(target.user);
  const ca = caSettings(options);
  return withModem(
    ctx,
    options,
    async (modem) => {
      await modem.connect({ apn: options.apn, signal: ctx.signal });
      ctx.phase = 'ftp';
      const ftp = await modem.ftp(ftpOptionsFor(target, options));
      const board = new ProgressBoard(ctx.con, options.progress && ctx.con.interactive && !options.json);
      try {
        return await fn(ftp, board, modem);
      } finally {
        board.stop();
        await ftp.close().catch(() => undefined);
      }
    },
    allDrivers(ca),
  );
}
