import { atSafeText, FtpError, remotePath } from '@cellftp/core';
import { z } from 'zod';
import { LIMITS } from './commands.js';

/**
 * Download strategies, default first (pick one with `modem.ftp({ downloadStrategy })`):
 * - `etget`: AT+FTPETGET, one transparent ETX/DLE stream (§15.2.25). Default: it measured best
 *   (virtual SIM7080G, 20 ms latency: 0.985 of line rate at 115200 for 256 KiB, 0.981 at 921600 for 2 MiB).
 * - `extget`: AT+FTPEXTGET into module RAM, read out in 64 KiB blocks; rounds of 300k with FTPREST
 *   (0.983 / 0.917: the module first fetches each round before the UART can start).
 * - `chunked`: AT+FTPGET=2 pulls of ≤ 1460 bytes, one round trip each (0.796 / 0.398).
 */
export const DOWNLOAD_STRATEGIES = ['etget', 'extget', 'chunked'] as const;
/**
 * Upload strategies, default first (pick one with `modem.ftp({ uploadStrategy })`):
 * - `etput`: AT+FTPETPUT, one DLE-stuffed stream ended by ETX (§15.2.24). Default: measured
 *   0.982 at 115200 and 0.984 at 921600 (random data; stuffing costs ~0.8 % on such data, more
 *   on data full of 0x03/0x10).
 * - `extput`: AT+FTPEXTPUT staging in 64 KiB blocks, AT+FTPPUT=1 per 300k round, then "APPE"
 *   (0.984 / 0.916: the module uploads each round before taking the next).
 * - `chunked`: AT+FTPPUT=2 writes of the announced `<maxlength>` (1360), one round trip each (0.738 / 0.356).
 */
export const UPLOAD_STRATEGIES = ['etput', 'extput', 'chunked'] as const;
export type SimcomDownloadStrategy = (typeof DOWNLOAD_STRATEGIES)[number];
export type SimcomUploadStrategy = (typeof UPLOAD_STRATEGIES)[number];

/**
 * What SIMCom adds to core's checks of `modem.ftp()` options: FTPSERV, FTPUN
 * and FTPPW take at most 49 characters (AT manual V1.05 §15.2.7–15.2.9).
 */
export const simcomFtpSchema = z.object({
  host: atSafeText('host', LIMITS.server),
  user: atSafeText('user', LIMITS.user),
  password: atSafeText('password', LIMITS.password),
  downloadStrategy: z.enum(DOWNLOAD_STRATEGIES, { error: `downloadStrategy must be one of ${DOWNLOAD_STRATEGIES.join(', ')}` }).optional(),
  uploadStrategy: z.enum(UPLOAD_STRATEGIES, { error: `uploadStrategy must be one of ${UPLOAD_STRATEGIES.join(', ')}` }).optional(),
});

/** Options of `simcom()`, checked when the driver is created. */
export const driverOptionsSchema = z.object({
  ca: z.union([z.string().min(1), z.instanceof(Uint8Array)]).optional(),
  caName: atSafeText('caName', LIMITS.fsName).min(1).optional(),
  sslContext: z.number().int().min(0).max(5).optional(),
});

/** A file target as the module wants it: FTPxxxPATH (directory, trailing slash) + FTPxxxNAME. */
export interface FileTarget {
  readonly absolute: string;
  readonly dir: string;
  readonly name: string;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Resolves a validated user path against the tracked working directory and
 * checks what core cannot: the *resolved* directory still fits FTPxxxPATH
 * (255) and the name FTPxxxNAME (64). INVALID_ARGUMENT before anything is written.
 */
export function fileTarget(cwd: string, path: string): FileTarget {
  const absolute = remotePath.resolve(cwd, path);
  const name = remotePath.basename(absolute);
  if (absolute === '/' || name === '') throw new FtpError('INVALID_ARGUMENT', `invalid remote path: "${path}" names no file`);
  const dir = remotePath.dirWithSlash(absolute);
  if (bytes(dir) > LIMITS.path) throw new FtpError('INVALID_ARGUMENT', `invalid remote path: its directory is longer than ${LIMITS.path} bytes`);
  if (bytes(name) > LIMITS.name) throw new FtpError('INVALID_ARGUMENT', `invalid remote path: the name is longer than ${LIMITS.name} bytes`);
  return { absolute, dir, name };
}

/** A directory target (FTPGETPATH for LIST, MKD, RMD). */
export function dirTarget(cwd: string, path: string): string {
  const absolute = remotePath.resolve(cwd, path);
  if (bytes(absolute) > LIMITS.path) throw new FtpError('INVALID_ARGUMENT', `invalid remote path: longer than ${LIMITS.path} bytes`);
  return absolute;
}

