import { z } from 'zod';

/**
 * Characters that could end or split an AT command or a quoted AT argument:
 * `"` closes the argument, CR/LF end the command line, NUL truncates C
 * strings inside firmware, `;` chains commands on V.250 parsers, and the other
 * C0/C1 controls, DEL and the Unicode line separators have no business in a
 * name. Refusing them here is what makes AT injection impossible.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /["\u0000-\u001f\u007f-\u009f;\u2028\u2029]/u;

/** A UTF-16 surrogate without its partner: what a non-UTF-8 byte sequence decodes to in a JS string. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** A string safe to place inside a quoted AT argument, at most `maxBytes` UTF-8 bytes. */
export function atSafeText(what: string, maxBytes: number): z.ZodString {
  return z
    .string({ error: `${what} must be a string` })
    .refine((s) => !LONE_SURROGATE.test(s), { message: `${what} is not valid Unicode (lone surrogate)` })
    .refine((s) => !FORBIDDEN.test(s), {
      message: `${what} contains a character that is refused (quote, control character, ';' or line separator)`,
    })
    .refine((s) => utf8Length(s) <= maxBytes, { message: `${what} is longer than ${maxBytes} bytes` });
}

/** A remote path: AT-safe, non-empty, within the vendor's path and name limits. */
export function remotePathSchema(maxPathBytes: number, maxNameBytes: number): z.ZodType<string> {
  return atSafeText('path', maxPathBytes)
    .min(1, { message: 'path is empty' })
    .refine((p) => p.split('/').every((segment) => utf8Length(segment) <= maxNameBytes), {
      message: `a name in the path is longer than ${maxNameBytes} bytes`,
    });
}
