import type { z } from 'zod';
import { FtpError } from '../errors/ftp-error.js';

/**
 * Parses `value` with `schema`, turning a failure into `FtpError`
 * `INVALID_ARGUMENT`. The offending value is never quoted back: it may be a
 * password.
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new FtpError('INVALID_ARGUMENT', `invalid ${what}: ${where}${issue?.message ?? 'rejected'}`);
}
