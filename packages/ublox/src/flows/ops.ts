import {
  downloadWithStrategies,
  FtpError,
  parseListing,
  quotedLengthAfter,
  refusedAsUnsupported,
  remotePath,
  uploadWithStrategies,
  type ByteSource,
  type DownloadContext,
  type FileInfo,
  type FirmwareMemory,
  type FtpCapabilities,
  type FtpOps,
  type OpContext,
  type PayloadSink,
  type UploadContext,
  type VendorLimits,
} from '@cellftp/core';
import { commands, type UbloxOperation } from '../commands.js';
import type { UbloxDownloadStrategy, UbloxUploadStrategy } from '../profiles.js';
import { LIMITS } from '../rules.js';
import { downloadDirect, downloadStaged } from './download.js';
import type { UbloxLink } from './link.js';
import { ModuleFs } from './module-fs.js';
import { closeSession } from './open.js';
import { uploadDirect, uploadStaged } from './upload.js';

export interface UbloxSessionSettings {
  readonly download: readonly UbloxDownloadStrategy[];
  readonly upload: readonly UbloxUploadStrategy[];
  readonly firmware: FirmwareMemory;
  /** The flash file name the `fs` strategies stage through (≤ 248 characters, digest §5.1). */
  readonly stagingName: string;
  /** The serial line rate, for the silence before a direct-link upload's `+++`. */
  readonly baudRate: number;
}

/**
 * The u-blox {@link FtpOps}: one login kept open by the module, the working
 * directory on the server (`AT+UFTPC=8`) and tracked by the driver, since no
 * PWD op exists (digest §4, §12). The login directory is taken as `/`.
 * `size` and `lastMod` come from the file's LIST line (there is no SIZE or
 * MDTM op): as precise as the listing, `capabilities.lastModFromListing`.
 */
export class UbloxFtpOps implements FtpOps {
  readonly capabilities: FtpCapabilities;
  readonly limits: VendorLimits = { maxPathBytes: LIMITS.remotePath, maxNameBytes: LIMITS.remotePath };
  readonly #fs: ModuleFs;
  #pwd = '/';

  constructor(
    private readonly link: UbloxLink,
    private readonly settings: UbloxSessionSettings,
  ) {
    this.#fs = new ModuleFs(link, settings.baudRate);
    this.capabilities = {
      persistentSession: true,
      mlsd: false,
      nlst: true,
      serverSideCwd: true,
      downloadStrategies: settings.download,
      uploadStrategies: settings.upload,
      lastModFromListing: true,
      rename: true,
    };
  }

  get closed(): boolean {
    return this.link.runner.session.closed;
  }

  get closedReason(): string | undefined {
    return this.link.runner.session.closedReason;
  }

  async cd(path: string, ctx: OpContext): Promise<void> {
    await this.link.action(commands.cd(path), { signal: ctx.signal });
    this.#pwd = remotePath.resolve(this.#pwd, path);
  }

  async pwd(): Promise<string> {
    return this.#pwd;
  }

  /** `+UUFTPCD: <op>,<n>,"<n bytes>"`, as many as come before `+UUFTPCR` (digest §5.3), concatenated. */
  async #listing(operation: UbloxOperation, signal?: AbortSignal): Promise<string> {
    const parts: Uint8Array[] = [];
    await this.link.action(operation, {
      signal,
      command: { incoming: { dataAfterHead: quotedLengthAfter('+UUFTPCD:'), sink: (chunk) => void parts.push(Uint8Array.from(chunk)) } },
    });
    return Buffer.concat(parts).toString('utf8');
  }

  async list(path: string | undefined, ctx: OpContext): Promise<FileInfo[]> {
    return parseListing(await this.#listing(commands.list(path), ctx.signal));
  }

  async listNames(path: string | undefined, ctx: OpContext): Promise<string[]> {
    const text = await this.#listing(commands.names(path), ctx.signal);
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }

  /**
   * The LIST entry of one file, by its base name (some servers print the path
   * as given). Servers differ on LIST of a missing file (550, 450, 451 or an
   * empty listing) and some refuse LIST of a file: the parent directory's
   * listing decides then.
   */
  async #entry(path: string, ctx: OpContext): Promise<FileInfo | undefined> {
    const base = remotePath.basename(path.replace(/\/+$/, '')) || path;
    const find = (listed: readonly FileInfo[]): FileInfo | undefined => listed.find((e) => e.name === base || e.name.endsWith(`/${base}`));
    // Only the server's refusal of the path is "not listed"; a data connection, network or module failure is itself.
    const refusal = (error: unknown): FileInfo[] => {
      if (error instanceof FtpError && !this.closed && SERVER_REFUSALS.has(error.code)) return [];
      throw error;
    };
    const found = find(await this.list(path, ctx).catch(refusal));
    if (found) return found;
    const cut = path.replace(/\/+$/, '').lastIndexOf('/');
    const parent = cut < 0 ? undefined : path.slice(0, cut) || '/';
    return find(await this.list(parent, ctx).catch(refusal));
  }

  async size(path: string, ctx: OpContext): Promise<number> {
    const entry = await this.#entry(path, ctx);
    if (entry?.type !== 'file' || entry.size === undefined) {
      throw new FtpError('NOT_FOUND', `size("${path}"): u-blox has no SIZE; the listing shows no such file${entry?.raw ? ` (${entry.raw})` : ''}`);
    }
    return entry.size;
  }

  async lastMod(path: string, ctx: OpContext): Promise<Date> {
    const entry = await this.#entry(path, ctx);
    if (!entry) throw new FtpError('NOT_FOUND', `lastMod("${path}"): u-blox has no MDTM and the listing shows no such file`);
    if (!entry.modifiedAt) throw new FtpError('PROTOCOL', `lastMod("${path}"): u-blox has no MDTM and the LIST line carries no readable time${entry.raw ? `: ${entry.raw}` : ''}`);
    return entry.modifiedAt;
  }

  async makeDir(path: string, ctx: OpContext): Promise<void> {
    await this.link.action(commands.makeDir(path), { signal: ctx.signal });
  }

  async removeEmptyDir(path: string, ctx: OpContext): Promise<void> {
    await this.link.action(commands.removeDir(path), { signal: ctx.signal });
  }

  async remove(path: string, ctx: OpContext): Promise<void> {
    await this.link.action(commands.remove(path), { signal: ctx.signal });
  }

  async rename(from: string, to: string, ctx: OpContext): Promise<void> {
    await this.link.action(commands.rename(from, to), { signal: ctx.signal });
  }

  async download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    // Direct link needs the length (the stream is not framed) and staging the free space: both from LIST.
    const total = await this.size(path, ctx);
    ctx.onTotal(total);
    if (ctx.startAt > total) throw new FtpError('INVALID_ARGUMENT', `startAt ${ctx.startAt} is beyond the end of ${path} (${total} bytes)`);
    const job = { path, total, ctx };
    const { firmware, stagingName } = this.settings;
    const order = await this.#fitting(this.settings.download, total, ctx.signal);
    return downloadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: refusedAsUnsupported }, sink, (strategy, counted) =>
      strategy === 'direct' ? downloadDirect(this.link, job, counted) : downloadStaged(this.link, this.#fs, stagingName, job, counted),
    );
  }

  async upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    // No APPE: REST + STOR from the remote size (digest §4, §6); a missing file is empty.
    const offset = ctx.append ? await this.size(path, ctx).catch((error: unknown) => notFoundAsEmpty(error)) : 0;
    const { firmware, stagingName } = this.settings;
    const order = await this.#fitting(this.settings.upload, source.size === undefined ? undefined : offset + source.size, ctx.signal);
    // Appending nothing changes nothing: no transfer (and none that could not stage an empty file).
    if (ctx.append && source.size === 0) return 0;
    if (source.size === 0 && !order.includes('direct')) {
      throw new FtpError('UNSUPPORTED', `upload of ${path}: ${this.link.profile.family} stores files only from its flash file system, and AT+UDWNFILE cannot stage an empty file`);
    }
    return uploadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: refusedAsUnsupported }, source, (strategy, replay, onBytes) => {
      const job = { path, offset, ctx: { ...ctx, onBytes } };
      return strategy === 'direct' ? uploadDirect(this.link, job, replay, this.settings.baudRate) : uploadStaged(this.link, this.#fs, stagingName, job, replay);
    });
  }

  /**
   * Staging is the measured default, but the flash bounds it: where direct
   * link exists and the file will not fit, direct link goes first for this
   * transfer (the free space is asked once, here, and the staging flow uses that figure).
   */
  async #fitting<S extends 'fs' | 'direct'>(order: readonly S[], bytes: number | undefined, signal?: AbortSignal): Promise<readonly S[]> {
    if (order[0] !== 'fs' || !order.includes('direct' as S) || bytes === undefined) return order;
    const free = await this.#fs.freeBytes(signal, true);
    if (bytes <= free) return order;
    this.#fs.forgetFree();
    return [...order.filter((s) => s !== 'fs'), ...order.filter((s) => s === 'fs')];
  }

  async close(ctx: OpContext): Promise<void> {
    if (!this.link.runner.session.loss?.restart) await closeSession(this.link, ctx.signal);
    this.link.runner.session.markClosed('closed by the caller');
  }
}

/** How servers refuse LIST of a missing path (550, 450, 451, 501 …). */
const SERVER_REFUSALS: ReadonlySet<string> = new Set(['NOT_FOUND', 'SERVER', 'PROTOCOL']);

function notFoundAsEmpty(error: unknown): number {
  if (error instanceof FtpError && error.code === 'NOT_FOUND') return 0;
  throw error;
}
