import { atSafeText, FtpError, remotePath } from '@cellftp/core';
import { z } from 'zod';
import { LIMITS } from './vendor.js';

/**
 * What SIMCom adds to core's checks of `modem.ftp()` options: FTPSERV, FTPUN
 * and FTPPW take at most 49 characters (AT manual V1.05 §15.2.7–15.2.9).
 * Strategies are checked by their tables (`vendor.ts`).
 */
export const simcomFtpSchema = z.object({
  host: atSafeText('host', LIMITS.server),
  user: atSafeText('user', LIMITS.user),
  password: atSafeText('password', LIMITS.password),
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

