import { checkAborted, FtpError, parseFtpTime, parseListing, remotePath } from '@cellftp/core';
import type { ByteSource, DownloadContext, FileInfo, FtpCapabilities, FtpOps, OpContext, PayloadSink, UploadContext, VendorLimits } from '@cellftp/core';
import { SIMPLE } from './commands.js';
import { missingMeansNotFound, OPERATE_ERROR } from './codes.js';
import type { SimcomLink } from './flows/link.js';
import { pull } from './flows/pull.js';
import { download, upload } from './flows/transfers.js';
import { LIMITS, type SimcomDownloadStrategy, type SimcomUploadStrategy } from './vendor.js';

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
    await this.#aim('GET', fileTarget(this.#cwd, path));
    return this.#size();
  }

  async lastMod(path: string, _ctx: OpContext): Promise<Date> {
    await this.#aim('GET', fileTarget(this.#cwd, path));
    const [stamp] = (await this.link.runner.run(SIMPLE.mdtm)).values;
    const date = parseFtpTime(stamp ?? '');
    if (!date) throw new FtpError('PROTOCOL', `${SIMPLE.mdtm.text}: unreadable timestamp "${stamp ?? ''}"`, { command: SIMPLE.mdtm.text });
    return date;
  }

  async makeDir(path: string, _ctx: OpContext): Promise<void> {
    await this.link.set('FTPGETPATH', dirTarget(this.#cwd, path));
    await this.link.runner.run(SIMPLE.mkd);
  }

  async removeEmptyDir(path: string, _ctx: OpContext): Promise<void> {
    await this.link.set('FTPGETPATH', dirTarget(this.#cwd, path));
    await this.link.runner.run(SIMPLE.rmd);
  }

  async remove(path: string, _ctx: OpContext): Promise<void> {
    await this.#aim('GET', fileTarget(this.#cwd, path));
    await this.link.runner.run(SIMPLE.dele);
  }

  /** Old name = FTPGETPATH + FTPGETNAME, new = FTPPUTPATH + FTPPUTNAME (§15.2.27). */
  async rename(from: string, to: string, _ctx: OpContext): Promise<void> {
    const [source, dest] = [fileTarget(this.#cwd, from), fileTarget(this.#cwd, to)];
    await this.#aim('GET', source);
    await this.#aim('PUT', dest);
    await this.link.runner.run(SIMPLE.rename);
  }

  async download(path: string, sink: PayloadSink, ctx: DownloadContext): Promise<number> {
    const what = `download of ${path}`;
    checkAborted(ctx.signal, what, 0, ctx.startAt);
    const target = await this.#aim('GET', fileTarget(this.#cwd, path));
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
    const target = await this.#aim('PUT', fileTarget(this.#cwd, path));
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
    const { vendorCode, command } = error;
    if (download && error.code === 'NOT_FOUND' && (await this.#size().then(() => true, () => false))) {
      return new FtpError('SERVER', `${error.message}: the server refused the download of an existing file`, { vendorCode, command, cause: error });
    }
    const missing = (e: unknown): boolean => e instanceof FtpError && e.code === 'NOT_FOUND';
    if (upload && upload.dir !== '/' && (await this.#list(upload.dir).then(() => false, missing))) return notFound(upload.dir, error);
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

  async #size(): Promise<number> {
    const [value] = (await this.link.runner.run(SIMPLE.size)).values;
    const size = Number(value);
    if (!Number.isSafeInteger(size) || size < 0) throw new FtpError('PROTOCOL', `${SIMPLE.size.text}: unreadable size "${value ?? ''}"`);
    return size;
  }

  /** Aims the next GET-side (or PUT-side) operation: FTPxxxPATH + FTPxxxNAME. */
  async #aim(side: 'GET' | 'PUT', target: FileTarget): Promise<FileTarget> {
    await this.link.set(`FTP${side}PATH`, target.dir);
    await this.link.set(`FTP${side}NAME`, target.name);
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

/** A file target as the module wants it: FTPxxxPATH (directory, trailing slash) + FTPxxxNAME. */
export interface FileTarget {
  readonly dir: string;
  readonly name: string;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Resolves a validated user path against the tracked working directory and
 * checks what core cannot: the *resolved* directory still fits FTPxxxPATH
 * (255) and the name FTPxxxNAME (64). INVALID_ARGUMENT before anything is written.
 */
export function fileTarget(cwd: string, path: string): FileTarget {
  const absolute = remotePath.resolve(cwd, path);
  const name = remotePath.basename(absolute);
  if (absolute === '/' || name === '') throw new FtpError('INVALID_ARGUMENT', `invalid remote path: "${path}" names no file`);
  const dir = remotePath.dirWithSlash(absolute);
  if (bytes(dir) > LIMITS.path) throw new FtpError('INVALID_ARGUMENT', `invalid remote path: its directory is longer than ${LIMITS.path} bytes`);
  if (bytes(name) > LIMITS.name) throw new FtpError('INVALID_ARGUMENT', `invalid remote path: the name is longer than ${LIMITS.name} bytes`);
  return { dir, name };
}

/** A directory target (FTPGETPATH for LIST, MKD, RMD). */
export function dirTarget(cwd: string, path: string): string {
  const absolute = remotePath.resolve(cwd, path);
  if (bytes(absolute) > LIMITS.path) throw new FtpError('INVALID_ARGUMENT', `invalid remote path: longer than ${LIMITS.path} bytes`);
  return absolute;
}
