import { describe, expect, it } from 'vitest';
import { MIN_SCRUB_ANYWHERE } from '../../src/trace/redact.js';
import { MIN_REDACTED_USER, SecretRedactor } from '../../src/trace/index.js';

/**
 * Every form in which the two drivers write a password, copied from their
 * builders (quectel/src/commands.ts `cfg`, `qicsgp`; simcom/src/commands.ts
 * `setParam`, `cncfg`) and from the URL a user passes to `modem.ftp()`; plus
 * the error text that carries a command.
 */
const FORMS: ReadonlyArray<(user: string, pw: string) => string> = [
  (u, p) => `AT+QFTPCFG="account","${u}","${p}"`,
  (u, p) => `AT+QICSGP=1,1,"internet","${u}","${p}",3`,
  (u, p) => `+QICSGP: 1,1,"internet","${u}","${p}",3`,
  (_, p) => `AT+FTPPW="${p}"`,
  (_, p) => `AT+FTPPW="${p}": ERROR`,
  (u, p) => `AT+CNCFG=0,1,"internet","${u}","${p}",3`,
  (u, p) => `cannot log in to ftp://${u}:${encodeURIComponent(p)}@127.0.0.1:2121/in/a.bin`,
  (u, p) => `ftps://${u}:${encodeURIComponent(p)}@127.0.0.1/`,
];

/** 1, 4 and 20 characters, with regex metacharacters, a comma and a colon that sit next to the forms' own separators. */
const SECRETS = ['p', '$', '.', '\\', ',', '*', 'ount', 'a.*b', '$&\\1', '(,)?', '[^:]', 'c0rrect-h0rse-$tap1e', '(.*)+[^a-z]{2}\\d|$&?', ',:@/%?#\\^$.|*+()[]{}'];

describe('SecretRedactor', () => {
  it('has 1-, 4- and 20-character secrets to test with', () => {
    expect(new Set(SECRETS.map((s) => s.length))).toEqual(new Set([1, 4, 20]));
  });

  it.each(SECRETS)('replaces the password %j in every form the drivers write, and nothing else', (pw) => {
    const r = new SecretRedactor();
    r.add(pw);
    for (const form of FORMS) {
      const redacted = r.redact(form('bob', pw));
      expect(redacted).toBe(form('bob', '***').replace(encodeURIComponent('***'), '***'));
    }
  });

  it('replaces a user name registered as a secret (SIMCom AT+FTPUN, the bearer commands) as a value', () => {
    const r = new SecretRedactor();
    r.add('u', 'p');
    expect(r.redact('AT+FTPUN="u"')).toBe('AT+FTPUN="***"');
    expect(r.redact('AT+CNCFG=0,1,"internet","u","p",3')).toBe('AT+CNCFG=0,1,"internet","***","***",3');
    expect(r.redact('ftp://u:p@127.0.0.1/')).toBe('ftp://u:***@127.0.0.1/');
  });

  it('leaves a short secret alone where it is not a value: commands, paths and prose stay readable', () => {
    const r = new SecretRedactor();
    r.add('p', 'ount', 'a.*b');
    const text = 'cannot open /dev/none: AT+QFTPOPEN="127.0.0.1",21 "account" p, a.*b /p/ "a.*b/c"';
    expect(r.redact(text)).toBe(text);
  });

  it(`blanks secrets of ${MIN_SCRUB_ANYWHERE} characters or more wherever they appear, also percent-encoded, longest first`, () => {
    expect(MIN_SCRUB_ANYWHERE).toBe(8);
    const r = new SecretRedactor();
    r.add('x', 'hunter2', 'hunter2-long', 'p@ss word', undefined, '');
    expect(r.redact('AT+FTPPW="hunter2-long" x hunter2 hunter2-longer')).toBe('AT+FTPPW="***" x hunter2 ***er');
    expect(r.redact('user p@ss word, as p%40ss%20word')).toBe('user ***, as ***');
  });

  it('blanks any URL password field, registered or not', () => {
    const r = new SecretRedactor();
    expect(r.redact('see ftp://bob:anything@127.0.0.1/x and ftp://anon@127.0.0.1/ and ftp://127.0.0.1:21/')).toBe(
      'see ftp://bob:***@127.0.0.1/x and ftp://anon@127.0.0.1/ and ftp://127.0.0.1:21/',
    );
  });

  it('blanks a short secret holding a quote anywhere, since it cannot be told apart as a quoted value', () => {
    const r = new SecretRedactor();
    r.add('a"b');
    expect(r.redact('AT+X="a"b" za"bz')).toBe('AT+X="***" z***z');
  });

  it('redacts user names from four characters on, never "anonymous"', () => {
    expect(MIN_REDACTED_USER).toBe(4);
    const r = new SecretRedactor();
    r.addUser('a');
    r.addUser('bob');
    r.addUser('Anonymous');
    r.addUser('alice');
    expect(r.redact('AT+QFTPCFG="account","alice","***" a bob Anonymous')).toBe('AT+QFTPCFG="account","***","***" a bob Anonymous');
    expect(r.redact('AT+QFTPCFG="account","a","***" "bob" "Anonymous"')).toBe('AT+QFTPCFG="account","a","***" "bob" "Anonymous"');
  });
});
