import { describe, expect, it } from 'vitest';
import { AtCommandError, AtTimeoutError } from '../../src/errors/engine-errors.js';
import { FtpError } from '../../src/errors/ftp-error.js';

/**
 * What a second copy of core (its CJS build beside the ESM one) makes: classes
 * of the same names, unrelated to ours, whose instances carry the global brand.
 */
function foreignCopy(): { FtpError: new (m: string) => Error; AtTimeoutError: new (m: string) => Error } {
  class FtpErrorCopy extends Error {
    constructor(message: string) {
      super(message);
      Object.defineProperty(this, Symbol.for('@cellftp/core.FtpError'), { value: true });
    }
  }
  Object.defineProperty(FtpErrorCopy, 'name', { value: 'FtpError' });
  class AtTimeoutErrorCopy extends FtpErrorCopy {}
  Object.defineProperty(AtTimeoutErrorCopy, 'name', { value: 'AtTimeoutError' });
  return { FtpError: FtpErrorCopy, AtTimeoutError: AtTimeoutErrorCopy };
}

describe('instanceof FtpError across copies of core', () => {
  it('holds for an error made by another copy, and for its subclasses by name', () => {
    const other = foreignCopy();
    const e = new other.AtTimeoutError('AT: no OK');
    expect(e instanceof FtpError).toBe(true);
    expect(e instanceof AtTimeoutError).toBe(true);
    expect(e instanceof AtCommandError).toBe(false);
    expect(new other.FtpError('x') instanceof AtTimeoutError).toBe(false);
  });

  it('does not hold for look-alikes without the brand, nor for non-objects', () => {
    class FtpErrorLookAlike extends Error {}
    Object.defineProperty(FtpErrorLookAlike, 'name', { value: 'FtpError' });
    expect(new FtpErrorLookAlike('x') instanceof FtpError).toBe(false);
    expect(new Error('x') instanceof FtpError).toBe(false);
    expect((null as unknown) instanceof FtpError).toBe(false);
    expect(('FtpError' as unknown) instanceof FtpError).toBe(false);
  });

  it('keeps ordinary class semantics within one copy', () => {
    const t = new AtTimeoutError('AT', 500, 'OK');
    expect(t instanceof FtpError).toBe(true);
    expect(t instanceof AtTimeoutError).toBe(true);
    expect(new FtpError('NOT_FOUND', 'x') instanceof AtTimeoutError).toBe(false);
    expect(Object.keys(new FtpError('NOT_FOUND', 'x'))).not.toContain(Symbol.for('@cellftp/core.FtpError'));
  });
});
