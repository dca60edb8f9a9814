/**
 * The vendor-neutral contract between a virtual modem's dialect and the real FTP client behind it. Failures
 * are reported as {@link FtpFailure} so that each model maps them onto its own codes (Quectel 6xx, SIMCom
 * 6x/7x).
 */

/**
 * Why an FTP operation failed, without any vendor numbering: the host name did not resolve (`dns`), the
 * control connection could not be opened (`connect`), USER/PASS refused (`login`, 530 and friends), the data
 * connection could not be opened or broke (`data`), no answer within the response timeout (`timeout`), a
 * 4xx/5xx reply to the command (`server`, see `reply`), TLS negotiation or certificate validation failed
 * (`tls`), the control connection closed (`closed`), the transfer aborted on request (`aborted`).
 */
export type FtpFailureKind = 'dns' | 'connect' | 'login' | 'data' | 'timeout' | 'server' | 'tls' | 'closed' | 'aborted';

/** A failure of an FTP operation. */
export interface FtpFailure {
  kind: FtpFailureKind;
  /** The server's reply code when the server said something (e.g. 550, 530). */
  reply?: number;
  /** Human-readable detail for logs; never parsed. */
  message: string;
}

/** Thrown by every {@link FtpBackend} method. */
export class FtpBackendError extends Error implements FtpFailure {
  /** `err` as a failure: a non-backend error is a closed connection. */
  static of(err: unknown): FtpBackendError {
    return err instanceof FtpBackendError ? err : new FtpBackendError({ kind: 'closed', message: err instanceof Error ? err.message : String(err) });
  }

  readonly kind: FtpFailureKind;
  readonly reply?: number;
  constructor(failure: FtpFailure) {
    super(failure.message);
    this.name = 'FtpBackendError';
    this.kind = failure.kind;
    if (failure.reply !== undefined) this.reply = failure.reply;
  }
}

/** Where and how to log in. */
export interface FtpConnectOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /**
   * `false`: plain FTP; `'explicit'`: AUTH TLS on the control port; `'implicit'`: TLS from the first byte.
   */
  tls: false | 'explicit' | 'implicit';
  /** Passive (PASV: the server listens) or active (PORT/EPRT: the module listens and the server connects). */
  mode: 'passive' | 'active';
  /**
   * Whether the module's stack can do active mode under TLS. Quectel's FTP(S) AN (§2.1 note) says FTPS does
   * not support active mode: with `false` an active transfer under TLS fails as a data connection that could
   * not be opened. Default true (RFC 4217 allows it; SIMCom documents no restriction).
   */
  activeTls?: boolean;
  /** Binary (TYPE I) or ASCII (TYPE A). */
  type: 'binary' | 'ascii';
  /** Seconds the server may stay silent before the operation fails with `timeout`. */
  timeoutSeconds: number;
  /** Extra trust anchors (a test's self-signed CA). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the server certificate (Quectel `seclevel` ≥ 1). Default false, like `seclevel` 0. */
  verifyCertificate?: boolean;
}

/** Receives downloaded bytes; returning a promise applies backpressure. */
export type ByteSink = (chunk: Buffer) => void | Promise<void>;

/** Options for {@link FtpBackend.download}. */
export interface DownloadOptions {
  /** REST offset; 0 = whole file. */
  startAt?: number;
  /**
   * Forward at most this many bytes to the sink; then the data connection is closed (not drained) and the
   * server's final reply is read before `done` settles.
   */
  maxBytes?: number;
}

/** Options for {@link FtpBackend.upload}. */
export interface UploadOptions {
  /** `store` = STOR (or REST+STOR when `startAt` > 0); `append` = APPE. */
  mode: 'store' | 'append';
  startAt?: number;
}

/** A handle on a running transfer that can be aborted. */
export interface TransferHandle<T> {
  readonly done: Promise<T>;
  /**
   * Stops the transfer (a download closes its data connection); `done` rejects with kind `aborted` unless it
   * already settled.
   */
  abort(): void;
}

/** One FTP session with a real server, driven by a virtual modem. */
export interface FtpBackend {
  readonly connected: boolean;
  connect(options: FtpConnectOptions): Promise<void>;
  /**
   * Changes the data mode and type of a logged-in session for its next transfers (Quectel's AT+QFTPCFG "takes
   * effect immediately"); TYPE is sent before the next transfer when it changed.
   */
  setDataOptions(options: Pick<FtpConnectOptions, 'mode' | 'type'>): void;
  cwd(path: string): Promise<void>;
  pwd(): Promise<string>;
  /** Raw `LIST` bytes. */
  list(path?: string): Promise<Buffer>;
  /** Raw `NLST` bytes. */
  nlst(path?: string): Promise<Buffer>;
  /** Raw `MLSD` bytes; a server without MLSD fails with kind `server` and its reply (500/502). */
  mlsd(path?: string): Promise<Buffer>;
  size(path: string): Promise<number>;
  /** The `MDTM` timestamp exactly as the server sent it (`YYYYMMDDHHMMSS[.sss]`). */
  mdtm(path: string): Promise<string>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  delete(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Downloads `path` into `sink`; resolves to the bytes forwarded to the sink. */
  download(path: string, sink: ByteSink, options?: DownloadOptions): TransferHandle<number>;
  /** Uploads what `source` yields; resolves to the bytes sent. */
  upload(path: string, source: AsyncIterable<Uint8Array>, options: UploadOptions): TransferHandle<number>;
  /** Logs out (QUIT) and closes every socket. */
  close(): Promise<void>;
}
