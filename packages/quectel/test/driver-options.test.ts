import { describe, expect, it } from 'vitest';
import { quectel } from '../src/index.js';

describe('quectel() options are refused before anything is written', () => {
  it.each([
    ['an empty CA', { ca: '' }, 'ca: must not be empty'],
    ['an empty CA buffer', { ca: new Uint8Array(0) }, 'ca: must not be empty'],
    ['a CA over 64 KiB', { ca: 'x'.repeat(64 * 1024 + 1) }, 'ca: must be a PEM of at most 64 KiB'],
    ['a module file name with a quote', { caCert: 'UFS:a".pem' }, 'caCert: must be a module file name of at most 80 bytes'],
    ['an SSL context out of range', { sslContextId: 6 }, 'sslContextId: must be 0–5'],
  ])('%s', (_name, options, message) => {
    expect(() => quectel(options as never)).toThrow(message);
  });

  it('accepts a PEM as text or bytes', () => {
    expect(quectel({ ca: '-----BEGIN CERTIFICATE-----' }).vendor).toBe('quectel');
    expect(quectel({ ca: new Uint8Array([0x2d]), caCert: 'UFS:my.pem' }).vendor).toBe('quectel');
  });
});
