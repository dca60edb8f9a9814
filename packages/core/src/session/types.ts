import type { Readable, Writable } from 'node:stream';
import type { Observable } from 'rxjs';

/** One entry of a directory listing. */
export interface FileInfo {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'unknown';
  size?: number;
  modifiedAt?: Date;
  /** The server's line for this entry, as received. */
  raw?: string;
}

/** Progress of one transfer, emitted on `progress$` as bytes move. */
export interface TransferProgress {
  remotePath: string;
  direction: 'download' | 'upload';
  /** Bytes moved so far in this transfer. */
  bytes: number;
  /** Total bytes when known (uploads of buffers and files; downloads after SIZE). */
  totalBytes?: number;
  bytesPerSecond: number;
}

/** What a completed transfer resolves to. */
export interface TransferResult {
  bytes: number;
  durationMs: number;
}

/** Options of `downloadTo`. */
export interface DownloadOptions {
  /** Resume: start reading the remote file at this byte offset (REST). */
  startAt?: number;
  signal?: AbortSignal;
}

/** Options of `uploadFrom` / `appendFrom`. */
export interface UploadOptions {
  signal?: AbortSignal;
}

/** Where a download goes: a local file path or any `Writable`. */
export type DownloadDestination = string | Writable;

/** Where an upload comes from: a local file path, a `Readable` or bytes. */
export type UploadSource = string | Readable | Uint8Array;

/** What a vendor's FTP implementation can and cannot do, so callers can adapt instead of failing. */
export interface FtpCapabilities {
  /** The module keeps an FTP login open between operations (Quectel) or logs in per operation (SIMCom). */
  persistentSession: boolean;
  /** Listings come from MLSD when the server offers it. */
  mlsd: boolean;
  /** `listNames` is served by NLST; otherwise it is derived from LIST. */
  nlst: boolean;
  /** `cd`/`pwd` are done by the module; otherwise tracked by the driver. */
  serverSideCwd: boolean;
  /** Download strategies the driver offers, default first. */
  downloadStrategies: readonly string[];
  /** Upload strategies the driver offers, default first. */
  uploadStrategies: readonly string[];
  /**
   * True when the module has no MDTM and `lastMod` is read from the file's LIST
   * line instead: as precise as the server's listing (minutes for recent files,
   * days for older ones in Unix `ls -l` form). Absent or false: MDTM.
   */
  lastModFromListing?: boolean;
  /** False when the module has no rename command: `rename` rejects with `UNSUPPORTED`. Absent: supported. */
  rename?: boolean;
}

/**
 * An FTP session through a cellular module: the same on every vendor.
 * Method names and argument order follow `basic-ftp`'s `Client`.
 */
export interface FtpSession {
  readonly capabilities: FtpCapabilities;
  /** Every transfer's progress. */
  readonly progress$: Observable<TransferProgress>;
  /** Callback form of `progress$`; call without an argument to stop tracking. */
  trackProgress(handler?: (progress: TransferProgress) => void): void;
  cd(path: string): Promise<void>;
  pwd(): Promise<string>;
  list(path?: string): Promise<FileInfo[]>;
  listNames(path?: string): Promise<string[]>;
  size(path: string): Promise<number>;
  lastMod(path: string): Promise<Date>;
  makeDir(path: string): Promise<void>;
  /** Creates every missing level of `path` and, like basic-ftp, makes it the working directory. */
  ensureDir(path: string): Promise<void>;
  removeEmptyDir(path: string): Promise<void>;
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  downloadTo(destination: DownloadDestination, remotePath: string, options?: DownloadOptions): Promise<TransferResult>;
  uploadFrom(source: UploadSource, remotePath: string, options?: UploadOptions): Promise<TransferResult>;
  appendFrom(source: UploadSource, remotePath: string, options?: UploadOptions): Promise<TransferResult>;
  /** Logs out and releases the module's FTP state. Idempotent. */
  close(): Promise<void>;
  /** True once closed (by `close()` or because the module reported the session gone). */
  readonly closed: boolean;
}
