import {
  FtpError,
  parseFtpTime,
  parseListing,
  remotePath,
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
import { LIMITS } from '../commands.js';
import { OPERATE_ERROR } from '../codes.js';
import { checkAborted } from '../flows/abort.js';
import { pullSession } from '../flows/pull.js';
import { dirTarget, fileTarget, type FileTarget, type SimcomDownloadStrategy, type SimcomUploadStrategy } from '../validate.js';
import type { FtpRunner } from './runner.js';
import { runDownload, runUpload } from './transfers.js';

/**
 * `FtpOps` for SIM7070/7080/7090. The module has no login, CWD or PWD: each
 * operation is its own login → command → logout (S-FTPAN §5), aimed by
 * FTPGETPATH/FTPGETNAME/FTPPUTPATH/FTPPUTNAME. The working directory lives here.
 */
export class SimcomFtpOps implements FtpOps {
  readonly limits: VendorLimits = { maxPathBytes: LIMITS.path, maxNameBytes: LIMITS.name };
  readonly capabilities: FtpCapabilities;
  #cwd = '/';
  #closed = false;
  /** `state.losses` when the session opened: a restart or bearer loss since then ends the session. */
  readonly #epoch: number;

  constructor(
    private readonly runner: FtpRunner,
    private readonly strategies: { download: readonly SimcomDownloadStrategy[]; upload: readonly SimcomUploadStrategy[] },
  ) {
    this.#epoch = runner.state.losses;
    this.capabilities = {
      persistentSession: false,
      mlsd: false,
      nlst: false,
      serverSideCwd: false,
      downloadStrategies: strategies.download,
      uploadStrategies: strategies.upload,
    };
  }

  get closed(): boolean {
    return this.#closed || this.runner.state.losses !== this.#epoch;
  }

  /** Like CWD on Quectel: a missing directory (or a file) fails with NOT_FOUND. */
  async cd(path: string, _ctx: OpContext): Promise<void> {
    const target = dirTarget(this.#cwd, path);
    if (target !== '/') {
      // LIST of the parent tells a directory from a file; LIST of the path itself cannot (§15.2.22 note).
      const parent = remotePath.resolve(target, '..');
      const name = remotePath.basename(target);
      let entries: FileInfo[];
      try {
        entries = await this.#list(parent);
      } catch (error) {
        throw error instanceof FtpError && error.code === 'NOT_FOUND' ? notFound(target, error) : error;
      }
      const entry = entries.find((e) => e.name === name);
      if (!entry || (entry.type !== 'directory' && entry.type !== 'symlink')) throw notFound(target);
    }
    this.#cwd = target;
  }

  async pwd(_ctx: OpContext): Promise<string> {
    return this.#cwd;
  }

  list(path: string | undefined, _ctx: OpContext): Promise<FileInfo[]> {
    return this.#list(dirTarget(this.#cwd, path ?? '.'));
  }

  /** SIMCom has no NLST (VENDOR-FACTS A.4): names come from the LIST. */
  async listNames(path: string | undefined, ctx: OpContext): Promise<string[]> {
    return (await this.list(path, ctx)).map((e) => e.name);
  }

  async size(path: string, _ctx: OpContext): Promise<number> {
    return this.#size(await this.#aimGet(fileTarget(this.#cwd, path)));
  }

  async lastMod(path: string, _ctx: OpContext): Promise<Date> {
    await this.#aimGet(fileTarget(this.#cwd, path));
    const [stamp] = await this.runner.simple('FTPMDTM', 'AT+FTPMDTM', { missingMeansNotFound: true });
    const date = parseFtpTime(stamp ?? '');
    if (!date) throw new FtpError('PROTOCOL', `AT+FTPMDTM: unreadable timestamp "${stamp ?? ''}"`, { command: 'AT+FTPMDTM' });
    return date;
  }

  /** FTPMKD works on FTPGETPATH itself (§15.2.20). */
  async makeDir(path: string, _ctx: OpContext): Promise<void> {
    await this.runner.set('FTPGETPATH', dirTarget(this.#cwd, path));
    await this.runner.simple('FTPMKD', 'AT+FTPMKD');
  }

  async removeEmptyDir(path: string, _ctx: OpContext): Promise<void> {
    await this.runner.set('FTPGETPATH', dirTarget(this.#cwd, path));
    await this.runner.simple('FTPRMD', 'AT+FTPRMD');
  }

  async remove(path: string, _ctx: OpContext): Promise<void> {
    await this.#aimGet(fileTarget(this.#cwd, path));
    await this.runner.simple('FTPDELE', 'AT+FTPDELE', { missingMeansNotFound: true });
  }

  /** Old name = FTPGETPATH + FTPGETNAME, new = FTPPUTPATH + FTPPUTNAME (§15.2.27). */
  async rename(from: string, to: string, _ctx: OpContext): Promise<void> {
    const source = fileTarget(this.#cwd, from);
    const dest = fileTarget(this.#cwd, to);
    await this.#aimGet(source);
    await this.#aimPut(dest);
    await this.runner.simple('FTPRENAME', 'AT+FTPRENAME', { missingMeansNotFound: true });
  }

  async download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    checkAborted(ctx.signal, 'download');
    const target = await this.#aimGet(fileTarget(this.#cwd, path));
    const strategy = this.strategies.download[0] ?? 'etget';
    // EXTGET plans its RAM rounds from the size; the other strategies learn it for progress only when cheap.
    // ftp-srv answers SIZE of an empty file with text, not 0: an unreadable size only costs the plan.
    const size = strategy === 'extget' ? await this.#size(target).catch(unreadableSize) : undefined;
    if (size !== undefined) ctx.onTotal(Math.max(0, size - ctx.startAt));
    try {
      return await runDownload(this.runner, strategy, sink, ctx, size);
    } catch (error) {
      throw await this.#explain(error, target);
    }
  }

  async upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    checkAborted(ctx.signal, 'upload');
    const target = await this.#aimPut(fileTarget(this.#cwd, path));
    // APPE appends, STOR replaces (§15.2.4); REST+STOR is never used.
    await this.runner.set('FTPPUTOPT', ctx.append ? 'APPE' : 'STOR');
    try {
      return await runUpload(this.runner, this.strategies.upload[0] ?? 'etput', source, ctx);
    } catch (error) {
      throw await this.#explain(error, undefined, target);
    }
  }

  /**
   * Makes a transfer's failure say what happened: a restart or bearer loss
   * during it (the module's own code would be a timeout or 61), and a
   * download's 77 for a file that does exist (the server refused it: 421,
   * 450, 451 …), which the bare code would call NOT_FOUND; and an upload's 77
   * into a directory that does not exist, which Quectel reports as 550 and
   * so NOT_FOUND too.
   */
  async #explain(error: unknown, download?: FileTarget, upload?: FileTarget): Promise<unknown> {
    if (!(error instanceof FtpError)) return error;
    const loss = this.runner.state.lastLoss;
    if (this.runner.state.losses !== this.#epoch && loss) {
      return new FtpError(loss.code, `${error.command ?? 'transfer'}: ${loss.reason}; the FTP session is closed`, {
        vendorCode: error.vendorCode,
        command: error.command,
        cause: error,
      });
    }
    if (download && error.code === 'NOT_FOUND' && error.vendorCode === OPERATE_ERROR) {
      const exists = await this.#size(download).then(
        () => true,
        () => false,
      );
      if (exists) return new FtpError('SERVER', `${error.message}: the server refused the download of an existing file`, { vendorCode: error.vendorCode, command: error.command, cause: error });
    }
    if (upload && upload.dir !== '/' && error.vendorCode === OPERATE_ERROR) {
      const dirMissing = await this.#list(upload.dir).then(
        () => false,
        (e: unknown) => e instanceof FtpError && e.code === 'NOT_FOUND',
      );
      if (dirMissing) return notFound(upload.dir, error);
    }
    return error;
  }

  async close(_ctx: OpContext): Promise<void> {
    this.#closed = true;
    if ((await this.runner.ftpState().catch(() => 0)) === 1) {
      await this.runner.quit();
      await this.runner.waitIdle(5000).catch(() => undefined);
    }
  }

  async #list(dir: string): Promise<FileInfo[]> {
    await this.runner.set('FTPGETPATH', dir);
    const parts: Uint8Array[] = [];
    await pullSession(this.runner, 'FTPLIST', (chunk) => void parts.push(chunk.slice()), { missingMeansNotFound: true });
    // Some servers print full paths in LIST of a path (manual example "/simftp.txt").
    return parseListing(Buffer.concat(parts).toString('utf8')).map((e) => (e.name.includes('/') ? { ...e, name: remotePath.basename(e.name) } : e));
  }

  async #size(_target: FileTarget): Promise<number> {
    const [value] = await this.runner.simple('FTPSIZE', 'AT+FTPSIZE', { missingMeansNotFound: true });
    const size = Number(value);
    if (!Number.isSafeInteger(size) || size < 0) throw new FtpError('PROTOCOL', `AT+FTPSIZE: unreadable size "${value ?? ''}"`);
    return size;
  }

  async #aimGet(target: FileTarget): Promise<FileTarget> {
    await this.runner.set('FTPGETPATH', target.dir);
    await this.runner.set('FTPGETNAME', target.name);
    return target;
  }

  async #aimPut(target: FileTarget): Promise<FileTarget> {
    await this.runner.set('FTPPUTPATH', target.dir);
    await this.runner.set('FTPPUTNAME', target.name);
    return target;
  }
}

function unreadableSize(error: unknown): undefined {
  if (error instanceof FtpError && error.code === 'PROTOCOL') return undefined;
  throw error;
}

function notFound(dir: string, cause?: FtpError): FtpError {
  return new FtpError('NOT_FOUND', `no such directory: ${dir}`, { vendorCode: cause?.vendorCode, command: cause?.command, cause });
}
