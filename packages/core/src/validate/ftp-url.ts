import { FtpError } from '../errors/ftp-error.js';

/** The user-facing options of `modem.ftp()`: explicit fields or an `ftp://` / `ftps://` URL. */
export interface FtpOptions {
  /** `ftp://user:pass@host:port/` (plain or explicit TLS with `secure`), `ftps://…` (implicit TLS). */
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  /** `false` (default), `'explicit'` (AUTH TLS on port 21) or `'implicit'` (TLS from the start, port 990). */
  secure?: false | 'implicit' | 'explicit';
  /** Response timeout for each FTP operation, ms; default 90 000 (Quectel's default rsptimeout). */
  timeoutMs?: number;
  /** Passive mode (default true): active mode rarely works behind carrier NAT. */
  passive?: boolean;
  /** FTPS without certificate verification. Off by default; for test servers only. */
  dangerouslyAcceptAnyCertificate?: boolean;
  /** Connect data channels to the control connection's address instead of the PASV reply's (servers behind NAT). */
  useControlAddressForData?: boolean;
  /** Vendor-specific download strategy name (see the driver's `capabilities.downloadStrategies`). */
  downloadStrategy?: string;
  /** Vendor-specific upload strategy name (see the driver's `capabilities.uploadStrategies`). */
  uploadStrategy?: string;
}

/** Expands a URL into fields and applies defaults; the result is validated by the caller. */
export function resolveFtpOptions(options: FtpOptions): Record<string, unknown> {
  let fromUrl: Partial<FtpOptions> = {};
  if (options.url !== undefined) {
    // WHATWG URL parsing silently drops tabs and line breaks ("ftp://h\r\nAT…" becomes host "hat…"):
    // refuse them before parsing so the user learns of it instead of connecting somewhere else.
    if (typeof options.url !== 'string' || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(options.url)) {
      throw new FtpError('INVALID_ARGUMENT', 'invalid FTP options: url contains control characters');
    }
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new FtpError('INVALID_ARGUMENT', 'invalid FTP options: url is not a valid URL');
    }
    if (url.protocol !== 'ftp:' && url.protocol !== 'ftps:') {
      throw new FtpError('INVALID_ARGUMENT', `invalid FTP options: url scheme must be ftp: or ftps:, not ${url.protocol}`);
    }
    const implicit = url.protocol === 'ftps:';
    fromUrl = {
      host: url.hostname,
      port: url.port ? Number(url.port) : implicit ? 990 : 21,
      user: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      secure: implicit ? 'implicit' : undefined,
    };
  }
  const secure = options.secure ?? fromUrl.secure ?? false;
  return {
    host: options.host ?? fromUrl.host,
    port: options.port ?? fromUrl.port ?? (secure === 'implicit' ? 990 : 21),
    user: options.user ?? fromUrl.user ?? 'anonymous',
    password: options.password ?? fromUrl.password ?? 'anonymous@',
    secure,
    timeoutMs: options.timeoutMs ?? 90_000,
    passive: options.passive ?? true,
    dangerouslyAcceptAnyCertificate: options.dangerouslyAcceptAnyCertificate ?? false,
    useControlAddressForData: options.useControlAddressForData ?? false,
    downloadStrategy: options.downloadStrategy,
    uploadStrategy: options.uploadStrategy,
  };
}
