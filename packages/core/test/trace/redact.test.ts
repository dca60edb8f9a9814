import { describe, expect, it } from 'vitest';
import { MIN_REDACTED_USER, SecretRedactor } from '../../src/trace/index.js';

describe('SecretRedactor', () => {
  it('redacts passwords of any length, the longest secret first', () => {
    const r = new SecretRedactor();
    r.add('x', 'hunter2', 'hunter2-long', undefined, '');
    expect(r.redact('AT+FTPPW="hunter2-long" x hunter2')).toBe('AT+FTPPW="***" *** ***');
  });

  it('redacts user names from four characters on, never "anonymous"', () => {
    expect(MIN_REDACTED_USER).toBe(4);
    const r = new SecretRedactor();
    r.addUser('a');
    r.addUser('bob');
    r.addUser('Anonymous');
    r.addUser('alice');
    expect(r.redact('AT+QFTPCFG="account","alice","***" a bob Anonymous')).toBe('AT+QFTPCFG="account","***","***" a bob Anonymous');
  });
});
