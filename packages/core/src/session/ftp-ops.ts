import type { FileInfo, FtpCapabilities } from './types.js';
import type { ByteSource } from '../transfer/source.js';
import type { PayloadSink } from '../engine/command.js';

/** Length limits a vendor's AT interface imposes, checked before anything is written. */
export interface VendorLimits {
  /** Longest remote path in UTF-8 bytes. */
  maxPathBytes: number;
  /** Longest single path segment (file or directory name) in UTF-8 bytes. */
  maxNameBytes: number;
}

/** Per-call context every vendor operation receives. */
export interface OpContext {
  signal?: AbortSignal | undefined;
}

/** Context of a download. */
export interface DownloadContext extends OpContext {
  /** Byte offset to start at (REST). */
  startAt: number;
  /** Called with the total size as soon as the driver learns it. */
  onTotal(totalBytes: number): void;
  /** Called as payload bytes arrive. */
  onBytes(count: number): void;
}

/** Context of an upload. */
export interface UploadContext extends OpContext {
  /** Append to the remote file (APPE / continue at its size) instead of replacing it. */
  append: boolean;
  /** Total bytes when the source knows its size. */
  totalBytes: number | undefined;
  onBytes(count: number): void;
}

/**
 * What a vendor driver implements. Paths arrive validated (no quotes, control
 * characters or over-long names) and as the user wrote them; the driver
 * resolves them against its working directory where the module has none.
 * `FtpSessionImpl` in core adds everything vendor-neutral around these.
 */
export interface FtpOps {
  readonly capabilities: FtpCapabilities;
  readonly limits: VendorLimits;
  cd(path: string, ctx: OpContext): Promise<void>;
  pwd(ctx: OpContext): Promise<string>;
  list(path: string | undefined, ctx: OpContext): Promise<FileInfo[]>;
  listNames(path: string | undefined, ctx: OpContext): Promise<string[]>;
  size(path: string, ctx: OpContext): Promise<number>;
  lastMod(path: string, ctx: OpContext): Promise<Date>;
  makeDir(path: string, ctx: OpContext): Promise<void>;
  removeEmptyDir(path: string, ctx: OpContext): Promise<void>;
  remove(path: string, ctx: OpContext): Promise<void>;
  rename(from: string, to: string, ctx: OpContext): Promise<void>;
  /** Streams the remote file into `sink` (which applies backpressure); resolves with bytes delivered. */
  download(remotePath: string, sink: PayloadSink, ctx: DownloadContext): Promise<number>;
  /** Sends `source` to the remote file; resolves with bytes the module confirmed. */
  upload(remotePath: string, source: ByteSource, ctx: UploadContext): Promise<number>;
  close(ctx: OpContext): Promise<void>;
  /** True when the module reports the FTP session gone. */
  readonly closed: boolean;
  /** Why the session is closed ("the module restarted (RDY)"), carried into the CLOSED error of later calls. */
  readonly closedReason?: string | undefined;
}
