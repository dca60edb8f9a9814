import {
  downloadWithStrategies,
  FtpError,
  parseListing,
  refusedAsUnsupported,
  uploadWithStrategies,
  type ByteSource,
  type DownloadContext,
  type FileInfo,
  type FirmwareMemory,
  type FtpCapabilities,
  type FtpOps,
  type OpContext,
  type OperationRunner,
  type PayloadSink,
  type UploadContext,
  type VendorLimits,
} from '@cellftp/core';
import { CFTPS_CODES, onPath, SIZE_AMBIGUOUS } from '../codes.js';
import { commands, listFrames } from '../commands.js';
import type { CftpsProfile } from '../profiles.js';
import { downloadCached, downloadFrames } from './download.js';
import { closeCftps } from './open.js';
import { appendBase, uploadBlocks, uploadStream } from './upload.js';

type Download = 'frames' | 'cache';
type Upload = 'stream' | 'block';

export interface CftpsSessionSettings {
  readonly profile: CftpsProfile;
  readonly download: readonly Download[];
  readonly upload: readonly Upload[];
  readonly firmware: FirmwareMemory;
}

/**
 * The `AT+CFTPS*` {@link FtpOps}: one login kept open by the module, with the
 * working directory on the server (digest §4, §14). What the set lacks —
 * RNFR/RNTO, MDTM, NLST — is refused naming the family, or derived from LIST:
 * names, and `lastMod` from the file's LIST line (as precise as the listing:
 * minutes for recent files, days for older ones; `capabilities.lastModFromListing`).
 */
export class CftpsFtpOps implements FtpOps {
  readonly capabilities: FtpCapabilities;
  readonly limits: VendorLimits;

  constructor(
    private readonly runner: OperationRunner,
    private readonly settings: CftpsSessionSettings,
  ) {
    this.capabilities = {
      persistentSession: true,
      mlsd: false,
      nlst: false,
      serverSideCwd: true,
      downloadStrategies: settings.download,
      uploadStrategies: settings.upload,
      lastModFromListing: true,
      rename: false,
    };
    this.limits = { maxPathBytes: settings.profile.maxPathBytes, maxNameBytes: settings.profile.maxPathBytes };
  }

  get closed(): boolean {
    return this.runner.session.closed;
  }

  get closedReason(): string | undefined {
    return this.runner.session.closedReason;
  }

  async cd(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.cwd(path), signal: ctx.signal, codeFor: onPath });
  }

  async pwd(ctx: OpContext): Promise<string> {
    const { values } = await this.runner.run({ ...commands.pwd, signal: ctx.signal });
    return values[0] ?? '';
  }

  /** `AT+CFTPSLIST`: `DATA,<len>` frames of raw LIST text (a line may split anywhere, Q6), then `+CFTPSLIST: 0`. */
  async #rawList(path: string | undefined, signal?: AbortSignal): Promise<string> {
    const dir = path ?? (this.settings.profile.listNeedsDir ? '.' : undefined);
    const parts: Uint8Array[] = [];
    await this.runner.run({
      ...commands.list(dir),
      signal,
      codeFor: onPath,
      command: { incoming: { dataAfter: listFrames, sink: (chunk) => void parts.push(Uint8Array.from(chunk)) } },
    });
    return Buffer.concat(parts).toString('utf8');
  }

  async list(path: string | undefined, ctx: OpContext): Promise<FileInfo[]> {
    return parseListing(await this.#rawList(path, ctx.signal));
  }

  async listNames(path: string | undefined, ctx: OpContext): Promise<string[]> {
    return (await this.list(path, ctx)).map((entry) => entry.name);
  }

  /**
   * `AT+CFTPSSIZE` prints a size and an error code alike (Q3): a value that is
   * also a code is believed only when a LIST of the file shows that size.
   */
  async size(path: string, ctx: OpContext): Promise<number> {
    const operation = commands.size(path);
    const { values, response } = await this.runner.run({ ...operation, signal: ctx.signal, codeFor: onPath });
    const n = Number(values[0]);
    if (!Number.isSafeInteger(n) || n < 0) throw new FtpError('PROTOCOL', `${response.command}: bad size in ${response.resultUrc}`);
    if (!SIZE_AMBIGUOUS.has(n)) return n;
    const entry = await this.#entry(path, ctx).catch(() => undefined);
    if (entry?.type === 'file' && entry.size === n) return n;
    throw CFTPS_CODES.error(n, { command: response.command });
  }

  async lastMod(path: string, ctx: OpContext): Promise<Date> {
    const entry = await this.#entry(path, ctx);
    if (!entry?.modifiedAt) {
      throw new FtpError('PROTOCOL', `lastMod("${path}"): ${this.settings.profile.family} has no MDTM and the LIST line carries no readable time${entry?.raw ? `: ${entry.raw}` : ''}`);
    }
    return entry.modifiedAt;
  }

  /** The LIST entry of one file: the only entry, or the one with its base name. */
  async #entry(path: string, ctx: OpContext): Promise<FileInfo | undefined> {
    const listed = await this.list(path, ctx);
    const base = path.replace(/\/+$/, '').split('/').pop() ?? path;
    return listed.length === 1 ? listed[0] : listed.find((e) => e.name === base);
  }

  async makeDir(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.mkd(path), signal: ctx.signal });
  }

  async removeEmptyDir(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.rmd(path), signal: ctx.signal, codeFor: onPath });
  }

  async remove(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.dele(path), signal: ctx.signal, codeFor: onPath });
  }

  rename(from: string, to: string): Promise<void> {
    return Promise.reject(new FtpError('UNSUPPORTED', `rename("${from}", "${to}"): the ${this.settings.profile.family} AT+CFTPS* set has no rename command`));
  }

  download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    const { download: order, firmware } = this.settings;
    return downloadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: refusedAsUnsupported }, sink, (strategy, counted) =>
      strategy === 'cache' ? downloadCached(this.runner, path, counted, ctx) : downloadFrames(this.runner, path, counted, ctx),
    );
  }

  async upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    const rest = await appendBase((p) => this.size(p, ctx), path, ctx);
    const { upload: order, firmware } = this.settings;
    return uploadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: refusedAsUnsupported }, source, (strategy, replay, onBytes) =>
      strategy === 'block'
        ? uploadBlocks(this.runner, path, replay, { ...ctx, onBytes }, rest)
        : uploadStream(this.runner, path, replay, { ...ctx, onBytes }, rest),
    );
  }

  async close(ctx: OpContext): Promise<void> {
    if (!this.runner.session.loss?.restart) await closeCftps(this.runner, ctx.signal);
    this.runner.session.markClosed('closed by the caller');
  }
}
