import { z } from 'zod';
import { atSafeText } from './text-rules.js';

/** The longest value any vendor accepts for host, user and password; vendors check their own limit too. */
const MAX_CREDENTIAL = 255;

/** Schema of `modem.ftp(options)` after URL expansion. */
export const ftpOptionsSchema = z.object({
  host: atSafeText('host', MAX_CREDENTIAL).min(1, { message: 'host is empty' }),
  port: z.number().int().min(1, { message: 'port must be 1–65535' }).max(65535, { message: 'port must be 1–65535' }),
  user: atSafeText('user', MAX_CREDENTIAL),
  password: atSafeText('password', MAX_CREDENTIAL),
  secure: z.union([z.literal(false), z.literal('implicit'), z.literal('explicit')]),
  timeoutMs: z.number().int().positive(),
  passive: z.boolean(),
  /**
   * FTPS only. Certificate checking is on by default; turning it off must be
   * said out loud, hence the long name.
   */
  dangerouslyAcceptAnyCertificate: z.boolean(),
  /** Use the control connection's address for passive data connections (servers behind NAT). */
  useControlAddressForData: z.boolean(),
  downloadStrategy: z.string().optional(),
  uploadStrategy: z.string().optional(),
});

/** Resolved, validated FTP options handed to a vendor driver. */
export type ResolvedFtpOptions = z.infer<typeof ftpOptionsSchema>;

/** Schema of `modem.connect(options)`. */
export const connectOptionsSchema = z.object({
  apn: atSafeText('apn', 150),
  user: atSafeText('APN user', 127).optional(),
  password: atSafeText('APN password', 127).optional(),
  contextId: z.number().int().min(0).max(16).optional(),
  timeoutMs: z.number().int().positive().optional(),
});
