import {
  checkAborted,
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
import { SIMPLE } from './commands.js';
import { missingMeansNotFound, OPERATE_ERROR } from './codes.js';
import type { SimcomLink } from './flows/link.js';
import { pull } from './flows/pull.js';
import { download, upload } from './flows/transfers.js';
import { dirTarget, fileTarget, type FileTarget } from './validate.js';
import { LIMITS, TIMINGS, type SimcomDownloadStrategy, type SimcomUploadStrategy } from './vendor.js';

type Simple = (typeof SIMPLE)[keyof typeof SIMPLE];

/**
 * `FtpOps` for SIM7070/7080/7090. The module has no login, CWD or PWD: each
 * operation is its own login → command → logout (S-FTPAN §5), aimed by
 * FTPGETPATH/FTPGETNAME/FTPPUTPATH/FTPPUTNAME. The working directory lives here.
 */
export class SimcomFtpOps implements FtpOps {
  readonly limits: VendorLimits = { maxPathBytes: LIMITS.path, maxNameBytes: LIMITS.name };
  readonly capabilities: FtpCapabilities;
  #cwd = '/';

  constructor(
    private readonly link: SimcomLink,
    private readonly strategies: { download: readonly SimcomDownloadStrategy[]; upload: readonly SimcomUploadStrategy[] },
  ) {
    this.capabilities = { persistentSession: false, mlsd: false, nlst: false, serverSideCwd: false, downloadStrategies: strategies.download, uploadStrategies: strategies.upload };
  }

  get closed(): boolean {
    return this.link.runner.session.closed;
  }

  get closedReason(): string | undefined {
    return this.link.runner.session.closedReason;
  }

  /** Like CWD on Quectel: a missing directory (or a file) fails with NOT_FOUND. */
  async cd(path: string, _ctx: OpContext): Promise<void> {
    const target = dirTarget(this.#cwd, path);
    if (target !== '/') {
      // LIST of the parent tells a directory from a file; LIST of the path itself cannot (§15.2.22 note).
      const entries = await this.#list(remotePath.resolve(target, '..')).catch((error: unknown) => {
        throw error instanceof FtpError && error.code === 'NOT_FOUND' ? notFound(target, error) : error;
      });
      const entry = entries.find((e) => e.name === remotePath.basename(target));
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
    await this.#aimGet(fileTarget(this.#cwd, path));
    return this.#size();
  }

  async lastMod(path: string, _ctx: OpContext): Promise<Date> {
    await this.#aimGet(fileTarget(this.#cwd, path));
    const [stamp] = await this.#simple(SIMPLE.mdtm, true);
    const date = parseFtpTime(stamp ?? '');
    if (!date) throw new FtpError('PROTOCOL', `${SIMPLE.mdtm.text}: unreadable timestamp "${stamp ?? ''}"`, { command: SIMPLE.mdtm.text });
    return date;
  }

  /** FTPMKD / FTPRMD work on FTPGETPATH itself (§15.2.20). */
  async makeDir(path: string, _ctx: OpContext): Promise<void> {
    await this.link.set('FTPGETPATH', dirTarget(this.#cwd, path));
    await this.#simple(SIMPLE.mkd);
  }

  async removeEmptyDir(path: string, _ctx: OpContext): Promise<void> {
    await this.link.set('FTPGETPATH', dirTarget(this.#cwd, path));
    await this.#simple(SIMPLE.rmd);
  }

  async remove(path: string, _ctx: OpContext): Promise<void> {
    await this.#aimGet(fileTarget(this.#cwd, path));
    await this.#simple(SIMPLE.dele, true);
  }

  /** Old name = FTPGETPATH + FTPGETNAME, new = FTPPUTPATH + FTPPUTNAME (§15.2.27). */
  async rename(from: string, to: string, _ctx: OpContext): Promise<void> {
    const source = fileTarget(this.#cwd, from);
    const dest = fileTarget(this.#cwd, to);
    await this.#aimGet(source);
    await this.#aimPut(dest);
    await this.#simple(SIMPLE.rename, true);
  }

  async download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    const what = `download of ${path}`;
    checkAborted(ctx.signal, what);
    const target = await this.#aimGet(fileTarget(this.#cwd, path));
    // ftp-srv answers SIZE of an empty file with text, not 0: an unreadable size only costs EXTGET's plan.
    const sizeOf = (): Promise<number | undefined> => this.#size().catch(unreadableSize);
    try {
      return await download(this.link, this.strategies.download, what, sink, ctx, sizeOf);
    } catch (error) {
      throw await this.#explain(error, target);
    }
  }

  async upload(path: string, source: ByteSource, ctx: UploadContext): Promise<number> {
    const what = `upload of ${path}`;
    checkAborted(ctx.signal, what);
    const target = await this.#aimPut(fileTarget(this.#cwd, path));
    // APPE appends, STOR replaces (§15.2.4); REST+STOR is never used.
    await this.link.set('FTPPUTOPT', ctx.append ? 'APPE' : 'STOR');
    try {
      return await upload(this.link, this.strategies.upload, what, source, ctx);
    } catch (error) {
      throw await this.#explain(error, undefined, target);
    }
  }

  /**
   * Makes a transfer's failure say what happened: a restart or bearer loss
   * during it (the module's own code would be a timeout or 61); a download's
   * 77 for a file that does exist (the server refused it: 421, 450, 451 …),
   * which the bare code would call NOT_FOUND; and an upload's 77 into a
   * directory that does not exist, which Quectel reports as 550 and so
   * NOT_FOUND too.
   */
  async #explain(error: unknown, download?: FileTarget, upload?: FileTarget): Promise<unknown> {
    const lost = this.link.runner.session.lossError(error instanceof FtpError ? (error.command ?? 'transfer') : 'transfer', error);
    if (lost || !(error instanceof FtpError) || error.vendorCode !== OPERATE_ERROR) return lost ?? error;
    if (download && error.code === 'NOT_FOUND' && (await succeeds(this.#size()))) {
      return new FtpError('SERVER', `${error.message}: the server refused the download of an existing file`, { vendorCode: error.vendorCode, command: error.command, cause: error });
    }
    if (upload && upload.dir !== '/') {
      const dirMissing = await this.#list(upload.dir).then(
        () => false,
        (e: unknown) => e instanceof FtpError && e.code === 'NOT_FOUND',
      );
      if (dirMissing) return notFound(upload.dir, error);
    }
    return error;
  }

  async close(_ctx: OpContext): Promise<void> {
    this.link.runner.session.markClosed('closed by the caller');
    // A running operation (an abandoned transfer) is quit; an idle module costs one AT+FTPSTATE.
    await this.link.runner.waitIdle(undefined, 0).catch(() => undefined);
  }

  async #list(dir: string): Promise<FileInfo[]> {
    await this.link.set('FTPGETPATH', dir);
    const parts: Uint8Array[] = [];
    await pull(this.link, 'FTPLIST', (chunk) => void parts.push(chunk.slice()), { what: `listing of ${dir}`, signal: undefined, moved: () => 0 }, missingMeansNotFound);
    // Some servers print full paths in LIST of a path (manual example "/simftp.txt").
    return parseListing(Buffer.concat(parts).toString('utf8')).map((e) => (e.name.includes('/') ? { ...e, name: remotePath.basename(e.name) } : e));
  }

  async #simple(op: Simple, missing = false): Promise<readonly string[]> {
    return (await this.link.runner.run({ ...op, ...(missing ? { codeFor: missingMeansNotFound } : {}) })).values;
  }

  async #size(): Promise<number> {
    const [value] = await this.#simple(SIMPLE.size, true);
    const size = Number(value);
    if (!Number.isSafeInteger(size) || size < 0) throw new FtpError('PROTOCOL', `${SIMPLE.size.text}: unreadable size "${value ?? ''}"`);
    return size;
  }

  async #aimGet(target: FileTarget): Promise<FileTarget> {
    await this.link.set('FTPGETPATH', target.dir);
    await this.link.set('FTPGETNAME', target.name);
    return target;
  }

  async #aimPut(target: FileTarget): Promise<FileTarget> {
    await this.link.set('FTPPUTPATH', target.dir);
    await this.link.set('FTPPUTNAME', target.name);
    return target;
  }
}

const succeeds = (p: Promise<unknown>): Promise<boolean> => p.then(() => true, () => false);

function unreadableSize(error: unknown): undefined {
  if (error instanceof FtpError && error.code === 'PROTOCOL') return undefined;
  throw error;
}

function notFound(dir: string, cause?: FtpError): FtpError {
  return new FtpError('NOT_FOUND', `no such directory: ${dir}`, { vendorCode: cause?.vendorCode, command: cause?.command, cause });
}
