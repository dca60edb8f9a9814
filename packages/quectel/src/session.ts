import {
  FtpError,
  parseFtpTime,
  parseListing,
  type ByteSource,
  type DownloadContext,
  type FileInfo,
  type FtpCapabilities,
  type FtpOps,
  type OpContext,
  type PayloadSink,
  type UploadContext,
  type VendorLimits,
} from '@cellftp/core';
import { commands } from './commands.js';
import type { ChunkPolicy } from './flows/chunking.js';
import { downloadRanged, downloadViaModuleFile } from './flows/download.js';
import { fetchListing, serverLacksCommand, Spellings } from './flows/listing.js';
import { refreshState, runFtp, type Link } from './flows/runner.js';
import { remoteSize } from './flows/transfer-common.js';
import { uploadRanged, uploadViaModuleFile } from './flows/upload.js';

/** Transfer strategies, default first: `com` is chosen by the benchmark (bench/quectel.bench.ts). */
export const STRATEGIES = ['com', 'ufs', 'ram'] as const;
export type QuectelStrategy = (typeof STRATEGIES)[number];

/** Everything a session needs that is fixed when it opens. */
export interface SessionSettings {
  download: QuectelStrategy;
  upload: QuectelStrategy;
  /** Bytes per ranged `QFTPGET`; undefined: `DEFAULT_DOWNLOAD_RANGE` (flows/download.ts). */
  downloadRangeBytes: number | undefined;
  uploadChunks: ChunkPolicy;
}

/**
 * The Quectel {@link FtpOps}: the module keeps the login and the working
 * directory (AN §2.3), so paths go to it as the user wrote them.
 */
export class QuectelFtpOps implements FtpOps {
  readonly capabilities: FtpCapabilities = {
    persistentSession: true,
    mlsd: true,
    nlst: true,
    serverSideCwd: true,
    downloadStrategies: STRATEGIES,
    uploadStrategies: STRATEGIES,
  };
  /** AN §2.3–2.15: `<path_name>`/`<file_name>` at most 255 bytes. */
  readonly limits: VendorLimits = { maxPathBytes: 255, maxNameBytes: 255 };
  readonly #rename = new Spellings('QFTPRENAME', 'QFTPNAME');
  readonly #nlst = new Spellings('QFTPNLST', 'QFTPNLIST');
  #mlsd = true;

  constructor(
    private readonly link: Link,
    private readonly settings: SessionSettings,
  ) {}

  get closed(): boolean {
    return this.link.closed;
  }

  async cd(path: string, ctx: OpContext): Promise<void> {
    await runFtp(this.link, { name: 'QFTPCWD', text: commands.cwd(path), signal: ctx.signal });
  }

  async pwd(ctx: OpContext): Promise<string> {
    const { response } = await runFtp(this.link, { name: 'QFTPPWD', text: commands.pwd, signal: ctx.signal });
    // `+QFTPPWD: 0,"/a,b"` (Quectel's driver) or `+QFTPPWD: 0,/` (AN §3.3): everything after the first comma.
    const line = response.resultUrc ?? '';
    const raw = line.slice(line.indexOf(',') + 1).trim();
    return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }

  async list(path: string | undefined, ctx: OpContext): Promise<FileInfo[]> {
    const dir = path ?? '.';
    if (this.#mlsd) {
      try {
        return parseListing((await fetchListing(this.link, 'QFTPMLSD', dir, ctx.signal)).toString('utf8'));
      } catch (error) {
        if (!serverLacksCommand(error)) throw error;
        // Servers without MLSD (RFC 3659) answer 500/502: LIST from now on.
        this.#mlsd = false;
      }
    }
    return parseListing((await fetchListing(this.link, 'QFTPLIST', dir, ctx.signal)).toString('utf8'));
  }

  async listNames(path: string | undefined, ctx: OpContext): Promise<string[]> {
    const dir = path ?? '.';
    const raw = await this.#nlst.run((name) => fetchListing(this.link, name, dir, ctx.signal));
    const prefix = path === undefined ? '' : `${path.replace(/\/+$/, '')}/`;
    return raw
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.length > 0)
      .map((line) => (prefix && line.startsWith(prefix) ? line.slice(prefix.length) : line));
  }

  size(path: string, ctx: OpContext): Promise<number> {
    return remoteSize(this.link, path, ctx.signal);
  }

  async lastMod(path: string, ctx: OpContext): Promise<Date> {
    const { fields, response } = await runFtp(this.link, { name: 'QFTPMDTM', text: commands.mdtm(path), signal: ctx.signal });
    // AN §2.14: "YYYYMMDDHHMMSS" or "YYYYMMDDHHMMSS.NNN", UTC as MDTM defines it.
    const date = parseFtpTime(fields[1] ?? '');
    if (!date) throw new FtpError('PROTOCOL', `${response.command}: unreadable time in ${response.resultUrc}`);
    return date;
  }

  async makeDir(path: string, ctx: OpContext): Promise<void> {
    await runFtp(this.link, { name: 'QFTPMKDIR', text: commands.mkdir(path), signal: ctx.signal });
  }

  async removeEmptyDir(path: string, ctx: OpContext): Promise<void> {
    await runFtp(this.link, { name: 'QFTPRMDIR', text: commands.rmdir(path), signal: ctx.signal });
  }

  async remove(path: string, ctx: OpContext): Promise<void> {
    await runFtp(this.link, { name: 'QFTPDEL', text: commands.del(path), signal: ctx.signal });
  }

  async rename(from: string, to: string, ctx: OpContext): Promise<void> {
    await this.#rename.run((name) => runFtp(this.link, { name, text: commands.rename(name, from, to), signal: ctx.signal }));
  }

  download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    const strategy = this.settings.download;
    if (strategy === 'com') return downloadRanged(this.link, path, sink, ctx, this.settings.downloadRangeBytes);
    return downloadViaModuleFile(this.link, path, sink, ctx, strategy === 'ufs' ? 'UFS' : 'RAM', 64 * 1024);
  }

  upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    const strategy = this.settings.upload;
    if (strategy === 'com') return uploadRanged(this.link, path, source, ctx, this.settings.uploadChunks);
    return uploadViaModuleFile(this.link, path, source, ctx, strategy === 'ufs' ? 'UFS' : 'RAM', this.settings.uploadChunks);
  }

  /** AN §2.18: `OK`, then `+QFTPCLOSE:` when the logout has completed (asynchronously). */
  async close(ctx: OpContext): Promise<void> {
    this.link.unwatch?.();
    if (this.link.lost) return;
    try {
      await runFtp(this.link, { name: 'QFTPCLOSE', text: commands.close, signal: ctx.signal });
    } catch (error) {
      // 625 "not logged in" / CLOSED: the session was already gone, which is what close wants.
      const gone = error instanceof FtpError && (error.vendorCode === 625 || error.code === 'CLOSED');
      if (!gone) {
        await refreshState(this.link);
        if (!this.link.closed) throw error;
      }
    }
    this.link.closed = true;
  }
}
