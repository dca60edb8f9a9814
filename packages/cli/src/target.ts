import { usageError } from './exit-codes.js';
import { redactUrlPasswords } from './output/redact.js';

/** The server, login and remote path named by an `ftp://` URL. */
export interface FtpTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** `'implicit'` for `ftps://` URLs; `--secure` may set it otherwise. */
  secure: false | 'explicit' | 'implicit';
  /** The remote path, decoded; `/` when the URL has none. */
  path: string;
}

/**
 * Parses `ftp://user:pass@host:port/path` (or `ftps://`). The password may
 * instead come from `CELLFTP_PASSWORD`, which keeps it out of shell history;
 * a password in the URL wins.
 *
 * @example
 * parseFtpTarget('ftp://pi@127.0.0.1:2121/logs/a.txt', { CELLFTP_PASSWORD: 's3cret' });
 * // { host: '127.0.0.1', port: 2121, user: 'pi', password: 's3cret', secure: false, path: '/logs/a.txt' }
 */
export function parseFtpTarget(text: string, env: NodeJS.ProcessEnv, secure?: 'explicit' | 'implicit'): FtpTarget {
  // WHATWG URL parsing silently drops tabs and line breaks: "ftp://h/a\nb.bin" would become /ab.bin.
  const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.exec(text);
  if (control) {
    // The URL itself is not echoed: cut at the control character, its password field may not be recognisable.
    throw usageError(`the URL contains a control character (${JSON.stringify(control[0])} at position ${control.index + 1}); refusing it rather than guessing the name (a pasted line break?)`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`not a URL: "${redactUrl(text)}" (expected ftp://user:pass@host:port/path)`);
  }
  if (url.protocol !== 'ftp:' && url.protocol !== 'ftps:') throw usageError(`URL scheme must be ftp: or ftps:, not ${url.protocol}`);
  if (!url.hostname) throw usageError('the URL names no host');
  const implicit = url.protocol === 'ftps:';
  if (implicit && secure === 'explicit') throw usageError('ftps:// means implicit TLS; use ftp:// with --secure explicit');
  const mode = implicit ? 'implicit' : (secure ?? false);
  const user = url.username ? decodeURIComponent(url.username) : 'anonymous';
  const password = url.password ? decodeURIComponent(url.password) : (env['CELLFTP_PASSWORD'] ?? (user === 'anonymous' ? 'anonymous@' : ''));
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : mode === 'implicit' ? 990 : 21,
    user,
    password,
    secure: mode,
    path: decodeURIComponent(url.pathname || '/') || '/',
  };
}

/** The URL with any password replaced, for messages. */
export function redactUrl(text: string): string {
  return redactUrlPasswords(text);
}

/** Joins a remote path with a relative name (`/a/` + `b` → `/a/b`); absolute names stand alone. */
export function resolveRemote(base: string, name: string): string {
  if (name.startsWith('/')) return name;
  const dir = base.endsWith('/') ? base : base.slice(0, base.lastIndexOf('/') + 1) || '/';
  return `${dir}${name}`;
}
