import {
  downloadWithStrategies,
  FtpError,
  parseFtpTime,
  parseListing,
  runStrategies,
  uploadWithStrategies,
  type FirmwareMemory,
  type ByteSource,
  type DownloadContext,
  type FileInfo,
  type FtpCapabilities,
  type FtpOps,
  type OpContext,
  type OperationRunner,
  type PayloadSink,
  type UploadContext,
} from '@cellftp/core';
import { commands, MODULE_FILES } from '../commands.js';
import type { QuectelProfile } from '../profiles.js';
import { firmwareRefused, LIMITS, refreshState, SPELLINGS, type QuectelStrategy } from '../vendor.js';
import type { ChunkPolicy } from './chunking.js';
import { downloadRanged, downloadViaModuleFile } from './download.js';
import { fetchListing, serverLacksCommand } from './listing.js';
import { remoteSize } from './transfer-common.js';
import { uploadRanged, uploadViaModuleFile } from './upload.js';

/** Everything a session needs that is fixed when it opens. */
export interface SessionSettings {
  /** Attempt orders from the strategy table: the user's choice (or the default) first. */
  readonly download: readonly QuectelStrategy[];
  readonly upload: readonly QuectelStrategy[];
  /** Bytes per ranged `QFTPGET`; undefined: `TIMINGS.downloadRangeBytes`. */
  readonly downloadRangeBytes: number | undefined;
  readonly uploadChunks: ChunkPolicy;
  readonly firmware: FirmwareMemory;
  /** The module family's table: file naming, listing drive, NLST. */
  readonly profile: QuectelProfile;
}

const drive = (strategy: 'ufs' | 'ram'): 'UFS' | 'RAM' => (strategy === 'ufs' ? 'UFS' : 'RAM');

/**
 * The Quectel {@link FtpOps}: the module keeps the login and the working
 * directory (AN §2.3), so paths go to it as the user wrote them.
 */
export class QuectelFtpOps implements FtpOps {
  readonly capabilities: FtpCapabilities;
  readonly limits = LIMITS;
  #mlsd = true;

  constructor(
    private readonly runner: OperationRunner,
    private readonly settings: SessionSettings,
  ) {
    this.capabilities = {
      persistentSession: true,
      mlsd: true,
      nlst: settings.profile.nlst,
      serverSideCwd: true,
      downloadStrategies: settings.download,
      uploadStrategies: settings.upload,
    };
  }

  #file(strategyDrive: 'UFS' | 'RAM', name: string): string {
    return this.settings.profile.moduleFile(strategyDrive, name);
  }

  #fetch(command: string, dir: string, signal?: AbortSignal): Promise<Buffer> {
    return fetchListing(this.runner, command, dir, this.#file(this.settings.profile.listingDrive, MODULE_FILES.listing), signal);
  }

  get closed(): boolean {
    return this.runner.session.closed;
  }

  get closedReason(): string | undefined {
    return this.runner.session.closedReason;
  }

  async cd(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.cwd(path), signal: ctx.signal });
  }

  async pwd(ctx: OpContext): Promise<string> {
    const { response } = await this.runner.run({ ...commands.pwd, signal: ctx.signal });
    // `+QFTPPWD: 0,"/a,b"` (Quectel's driver) or `+QFTPPWD: 0,/` (AN §3.3): everything after the first comma.
    const line = response.resultUrc ?? '';
    const raw = line.slice(line.indexOf(',') + 1).trim();
    return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }

  async list(path: string | undefined, ctx: OpContext): Promise<FileInfo[]> {
    const dir = path ?? '.';
    if (this.#mlsd) {
      try {
        return parseListing((await this.#fetch('QFTPMLSD', dir, ctx.signal)).toString('utf8'));
      } catch (error) {
        if (!serverLacksCommand(error)) throw error;
        // Servers without MLSD (RFC 3659) answer 500/502: LIST from now on.
        this.#mlsd = false;
      }
    }
    return parseListing((await this.#fetch('QFTPLIST', dir, ctx.signal)).toString('utf8'));
  }

  async listNames(path: string | undefined, ctx: OpContext): Promise<string[]> {
    // A family without NLST (BG95, Quectel's own driver): the names of the full listing.
    if (!this.settings.profile.nlst) return (await this.list(path, ctx)).map((entry) => entry.name);
    const raw = await this.#spelling('nlst', (name) => this.#fetch(name, path ?? '.', ctx.signal));
    const prefix = path === undefined ? '' : `${path.replace(/\/+$/, '')}/`;
    return raw
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.length > 0)
      .map((line) => (prefix && line.startsWith(prefix) ? line.slice(prefix.length) : line));
  }

  size(path: string, ctx: OpContext): Promise<number> {
    return remoteSize(this.runner, path, ctx.signal);
  }

  async lastMod(path: string, ctx: OpContext): Promise<Date> {
    const { values, response } = await this.runner.run({ ...commands.mdtm(path), signal: ctx.signal });
    // AN §2.14: "YYYYMMDDHHMMSS" or "YYYYMMDDHHMMSS.NNN", UTC as MDTM defines it.
    const date = parseFtpTime(values[0] ?? '');
    if (!date) throw new FtpError('PROTOCOL', `${response.command}: unreadable time in ${response.resultUrc}`);
    return date;
  }

  async makeDir(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.mkdir(path), signal: ctx.signal });
  }

  async removeEmptyDir(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.rmdir(path), signal: ctx.signal });
  }

  async remove(path: string, ctx: OpContext): Promise<void> {
    await this.runner.run({ ...commands.del(path), signal: ctx.signal });
  }

  async rename(from: string, to: string, ctx: OpContext): Promise<void> {
    await this.#spelling('rename', (name) => this.runner.run({ ...commands.rename(name, from, to), signal: ctx.signal }));
  }

  /** The first strategy the firmware accepts; a refused one (before any byte moved) hands over to the next. */
  download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    const { download: order, firmware, downloadRangeBytes } = this.settings;
    return downloadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: firmwareRefused }, sink, (strategy, counted) =>
      strategy === 'com'
        ? downloadRanged(this.runner, path, counted, ctx, downloadRangeBytes)
        : downloadViaModuleFile(this.runner, path, counted, ctx, this.#file(drive(strategy), MODULE_FILES.download)),
    );
  }

  upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    const { upload: order, firmware, uploadChunks } = this.settings;
    return uploadWithStrategies({ order, firmware, onBytes: ctx.onBytes, unsupported: firmwareRefused }, source, (strategy, replay, onBytes) =>
      strategy === 'com'
        ? uploadRanged(this.runner, path, replay, { ...ctx, onBytes }, uploadChunks)
        : uploadViaModuleFile(this.runner, path, replay, { ...ctx, onBytes }, this.#file(drive(strategy), MODULE_FILES.upload), uploadChunks),
    );
  }

  /** AN §2.18: `OK`, then `+QFTPCLOSE:` when the logout has completed (asynchronously). */
  async close(ctx: OpContext): Promise<void> {
    if (this.runner.session.loss) return;
    try {
      await this.runner.run({ ...commands.close, signal: ctx.signal });
    } catch (error) {
      // 625 "not logged in" / CLOSED: the session was already gone, which is what close wants.
      const gone = error instanceof FtpError && (error.vendorCode === 625 || error.code === 'CLOSED');
      if (!gone) {
        await refreshState(this.runner);
        if (!this.runner.session.closed) throw error;
      }
    }
    this.runner.session.markClosed('closed by the caller');
  }

  /** The first spelling the firmware knows (a bare `ERROR` means it does not), remembered per modem. */
  #spelling<T>(command: keyof typeof SPELLINGS, attempt: (name: string) => Promise<T>): Promise<T> {
    const what = `spelling of AT+${SPELLINGS[command][0]}`;
    return runStrategies({ order: SPELLINGS[command], memory: this.settings.firmware.of(command), unsupported: firmwareRefused, what }, attempt, () => 0);
  }
}
