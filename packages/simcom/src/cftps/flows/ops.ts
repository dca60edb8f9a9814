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
   * also a code is believed only when the file's LIST line shows that size.
   * A 9 ("rejected by server": a server without SIZE) for a file the listing
   * shows is answered from the listing's size; no listed file is the code.
   */
  async size(path: string, ctx: OpContext): Promise<number> {
    const { values, response } = await this.runner.run({ ...commands.size(path), signal: ctx.signal });
    const n = Number(values[0]);
    if (!Number.isSafeInteger(n) || n < 0) throw new FtpError('PROTOCOL', `${response.command}: bad size in ${response.resultUrc}`);
    if (!SIZE_AMBIGUOUS.has(n)) return n;
    const entry = await this.#entry(path, ctx).catch(() => undefined);
    const listed = entry?.type === 'file' ? entry.size : undefined;
    if (listed === n) return n;
    if (listed !== undefined && n === 9) return listed;
    throw CFTPS_CODES.error(n, { command: response.command, code: entry ? undefined : onPath({ ok: false, values: [], vendorCode: n, serverReply: undefined }) });
  }

  async lastMod(path: string, ctx: OpContext): Promise<Date> {
    const entry = await this.#entry(path, ctx);
    if (!entry) throw new FtpError('NOT_FOUND', `lastMod("${path}"): ${this.settings.profile.family} has no MDTM and the listing shows no such file`);
    if (!entry.modifiedAt) {
      throw new FtpError('PROTOCOL', `lastMod("${path}"): ${this.settings.profile.family} has no MDTM and the LIST line carries no readable time${entry.raw ? `: ${entry.raw}` : ''}`);
    }
    return entry.modifiedAt;
  }

  /**
   * The LIST entry of one file, by its base name (some servers print the
   * path as given). Never "the only entry": a directory holding one file lists that.
   */
  async #entry(path: string, ctx: OpContext): Promise<FileInfo | undefined> {
    const listed = await this.list(path, ctx);
    const base = path.replace(/\/+$/, '').split('/').pop() ?? path;
    return listed.find((e) => e.name === base || e.name.endsWith(`/${base}`));
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

  async download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    const { download: order, firmware } = this.settings;
    const total = await this.#totalFor(path, ctx);
    try {
      const moved = await downloadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: refusedAsUnsupported }, sink, (strategy, counted) =>
        strategy === 'cache' ? downloadCached(this.runner, path, counted, ctx) : downloadFrames(this.runner, path, counted, ctx),
      );
      // The module confirms a GET with `+CFTPSGET: 0` only, not its length: the size asked first is the check.
      if (total !== undefined && moved !== total - ctx.startAt) {
        throw new FtpError('PROTOCOL', `download of ${path}: ${moved} bytes arrived, the file has ${total - ctx.startAt} from byte ${ctx.startAt} (did it change?)`);
      }
      return moved;
    } catch (error) {
      throw await this.#explain(error, () => this.size(path, ctx).then(() => true));
    }
  }

  /**
   * The file's size, for progress, a `startAt` beyond the end, and the length
   * check: a missing file fails here as NOT_FOUND; a server that will not
   * answer SIZE only costs the check.
   */
  async #totalFor(path: string, ctx: DownloadContext): Promise<number | undefined> {
    const total = await this.size(path, ctx).catch((error: unknown) => {
      if (this.runner.session.closed || (error instanceof FtpError && (error.code === 'NOT_FOUND' || error.code === 'ABORTED'))) throw error;
      return undefined;
    });
    if (total === undefined) return undefined;
    ctx.onTotal(total);
    if (ctx.startAt > total) throw new FtpError('INVALID_ARGUMENT', `startAt ${ctx.startAt} is beyond the end of ${path} (${total} bytes)`);
    return total;
  }

  async upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    const rest = await appendBase((p) => this.size(p, ctx), path, ctx);
    const { upload: order, firmware } = this.settings;
    try {
      return await uploadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: refusedAsUnsupported }, source, (strategy, replay, onBytes) =>
        strategy === 'block'
          ? uploadBlocks(this.runner, path, replay, { ...ctx, onBytes }, rest)
          : uploadStream(this.runner, path, replay, { ...ctx, onBytes }, rest),
      );
    } catch (error) {
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : undefined;
      throw await this.#explain(error, dir === undefined || dir === '/' ? undefined : () => this.list(dir, ctx).then(() => true));
    }
  }

  /**
   * The module reports a server refusal of a transfer (9, or 7/17 "file
   * error") without the server's reply, so the driver asks whether the path
   * is there, as the AT+FTP* dialect does: missing is NOT_FOUND, present is
   * the server refusing the transfer (450, 451, 452, 552 …): SERVER.
   */
  async #explain(error: unknown, exists: (() => Promise<boolean>) | undefined): Promise<unknown> {
    if (!(error instanceof FtpError) || this.runner.session.closed || ![7, 9, 17].includes(error.vendorCode ?? 0)) return error;
    const present = exists ? await exists().catch((probe: unknown) => (probe instanceof FtpError && probe.code === 'NOT_FOUND' ? false : undefined)) : true;
    if (present === undefined) return error;
    const code = present ? 'SERVER' : 'NOT_FOUND';
    if (code === error.code) return error;
    const why = present ? 'the server refused the transfer (the path exists)' : 'no such file or directory';
    return new FtpError(code, `${error.message}: ${why}`, { vendorCode: error.vendorCode, command: error.command, cause: error });
  }

  async close(ctx: OpContext): Promise<void> {
    if (!this.runner.session.loss?.restart) await closeCftps(this.runner, ctx.signal);
    this.runner.session.markClosed('closed by the caller');
  }
}
