/**
 * The "extend" methods (AT manual V1.05 §15.2.19, §15.2.23, §15.2.30; S-FTPAN V1.02 §2.2.3, §5.12, §5.13,
 * §5.19): an upload cache filled over the UART with AT+FTPEXTPUT=2, a download cache read with
 * AT+FTPEXTGET=3, and downloads straight into the module file system with AT+FTPEXTGET=2.
 */
import type { FtpBackend } from '../backend/index.js';
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { Sim7080Context } from './context.js';
import { Cme, FtpCode } from './errors.js';
import { FS_DIRS } from './fs.js';
import { FtpOperation } from './operation.js';
import { PutSession } from './put-session.js';

/** `<pos>`/`<len>` "0-320k" of AT+FTPEXTPUT and `<len>` of AT+FTPEXTGET=3. */
export const EXT_WINDOW = 320 * 1024;
/** "The data it can get is 300k at most" (§15.2.23 note). */
export const EXTGET_RAM_LIMIT = 300 * 1024;
/** `<filesize>` range of AT+FTPTOFSST (§15.2.30). */
export const FS_DOWNLOAD_LIMIT = 5_800_000;

export class ExtState {
  putMode = 0;
  putCache = Buffer.alloc(0);
  getMode = 0;
  getCache = Buffer.alloc(0);
  /** AT+FTPTOFSST: `<fsstatus>,<ftpstatus>,<filesize>`, undefined before any FTPEXTGET=2. */
  fsStatus: { fs: number; ftp: number; size: number } | undefined;

  constructor(private readonly ctx: Sim7080Context) {}

  ftpextput(cmd: AtCommand): void {
    const { out } = this.ctx;
    if (cmd.form === 'test') return out.ok();
    if (cmd.form === 'read') return out.respond([`+FTPEXTPUT: ${this.putMode},${this.putCache.length}`]);
    const mode = intInRange(cmd.args[0], 0, 2);
    if (cmd.form !== 'write' || mode === undefined) return out.cmeError(Cme.parameter);
    if (mode !== 2) {
      if (cmd.args.length !== 1) return out.cmeError(Cme.parameter);
      this.putMode = mode;
      // Mode 0 "clears the upload cache" (S-FTPAN V1.02 §2.2.3).
      if (mode === 0) this.putCache = Buffer.alloc(0);
      return out.ok();
    }
    const pos = intInRange(cmd.args[1], 0, EXT_WINDOW);
    const len = intInRange(cmd.args[2], 1, EXT_WINDOW);
    const timeout = intInRange(cmd.args[3], 1000, 1_000_000);
    if (cmd.args.length !== 4 || pos === undefined || len === undefined || timeout === undefined) return out.cmeError(Cme.parameter);
    if (pos + len > EXT_WINDOW) return out.cmeError(Cme.parameter);
    out.line(`+FTPEXTPUT: ${pos},${len}`);
    this.ctx.capture(len, timeout, (bytes) => {
      // Data not complete within <timeout>: nothing is stored [I].
      if (!bytes) return out.cmeError(Cme.notAllowed);
      const end = Math.max(this.putCache.length, pos + len);
      const next = Buffer.alloc(end);
      this.putCache.copy(next);
      bytes.copy(next, pos);
      this.putCache = next;
      out.ok();
    });
  }

  /** AT+FTPPUT=1 in extended mode uploads the cache. */
  startExtendedPut(): void {
    new PutSession(this.ctx, this.putCache).launch();
  }

  ftpextget(cmd: AtCommand): void {
    const { ctx } = this;
    const { out } = ctx;
    if (cmd.form === 'test') return out.respond(['+FTPEXTGET: (0-3),(0-3),50']);
    if (cmd.form === 'read') return out.respond([`+FTPEXTGET: ${this.getMode},${this.getCache.length}`]);
    const mode = intInRange(cmd.args[0], 0, 3);
    if (cmd.form !== 'write' || mode === undefined) return out.cmeError(Cme.parameter);
    if (mode === 0 || mode === 1) {
      if (cmd.args.length !== 1) return out.cmeError(Cme.parameter);
      if (mode === 0) {
        if (ctx.op?.kind === 'extget') return out.cmeError(Cme.notAllowed);
        this.getMode = 0;
        this.getCache = Buffer.alloc(0);
        return out.ok();
      }
      if (!ctx.op) {
        this.getMode = 1;
        this.getCache = Buffer.alloc(0);
      }
      return new ExtGetSession(ctx, this).launch(ctx.params['+FTPGETNAME'] !== '');
    }
    if (mode === 2) {
      const dir = intInRange(cmd.args[1], 0, FS_DIRS.length - 1);
      const name = textArg(cmd.args[2], 50);
      if (cmd.args.length !== 3 || dir === undefined || !name) return out.cmeError(Cme.parameter);
      // "If <file name> is already exist in flash: ERROR" (§15.2.23).
      if (ctx.fs.read(dir, name)) return out.cmeError(Cme.notAllowed);
      return new ExtGetFileSession(ctx, this, dir, name).launch(ctx.params['+FTPGETNAME'] !== '');
    }
    const pos = intInRange(cmd.args[1], 0, EXT_WINDOW);
    const len = intInRange(cmd.args[2], 1, EXT_WINDOW);
    if (cmd.args.length !== 3 || pos === undefined || len === undefined) return out.cmeError(Cme.parameter);
    // "<pos> should less than <length>"; nothing to dump while the download still runs.
    if (ctx.op?.kind === 'extget' || pos >= this.getCache.length) return out.cmeError(Cme.notAllowed);
    const data = this.getCache.subarray(pos, pos + len);
    out.line(`+FTPEXTGET: 3,${data.length}`);
    out.raw(data);
    out.ok();
  }

  ftptofsst(cmd: AtCommand): void {
    const { out } = this.ctx;
    if (cmd.form === 'test') return out.respond([`+FTPTOFSST: (0,1),(0-${FS_DOWNLOAD_LIMIT})`]);
    if (cmd.form !== 'exec' || !this.fsStatus) return out.cmeError(Cme.notAllowed);
    const s = this.fsStatus;
    out.respond([`+FTPTOFSST: ${s.fs},${s.ftp},${s.size}`]);
  }

  reset(): void {
    this.putMode = 0;
    this.putCache = Buffer.alloc(0);
    this.getMode = 0;
    this.getCache = Buffer.alloc(0);
    this.fsStatus = undefined;
  }
}

/** AT+FTPEXTGET=1: the whole file into the RAM cache, `+FTPEXTGET: 1,0` at the end. */
class ExtGetSession extends FtpOperation {
  constructor(
    ctx: Sim7080Context,
    private readonly state: ExtState,
  ) {
    super(ctx, 'extget');
    this.phase = 'download';
  }

  protected async body(backend: FtpBackend): Promise<void> {
    const parts: Buffer[] = [];
    let overflow = false;
    const handle = backend.download(
      this.ctx.getTarget(),
      (chunk) => {
        const room = EXTGET_RAM_LIMIT - this.bytesMoved;
        if (chunk.length > room) overflow = true;
        const part = chunk.subarray(0, Math.max(0, room));
        parts.push(part);
        this.bytesMoved += part.length;
        // AT+FTPEXTGET? reports progress while the download runs (S-FTPAN §5.13).
        this.state.getCache = Buffer.concat(parts);
      },
      { startAt: this.ctx.params['+FTPREST'] },
    );
    this.onEnd(() => handle.abort());
    await handle.done;
    // Beyond 300k the cache keeps its first 300k and the session reports 79 [I, see docs].
    this.finish(overflow ? FtpCode.download : FtpCode.ok);
  }
}

/** AT+FTPEXTGET=2,<dir>,<name>: into the file system, `+FTPEXTGETFILE: 1,0` at the end. */
class ExtGetFileSession extends FtpOperation {
  constructor(
    ctx: Sim7080Context,
    private readonly state: ExtState,
    private readonly dir: number,
    private readonly name: string,
  ) {
    super(ctx, 'extgetfile');
    this.phase = 'download';
  }

  protected async body(backend: FtpBackend): Promise<void> {
    const parts: Buffer[] = [];
    const limit = Math.min(FS_DOWNLOAD_LIMIT, this.ctx.fs.free());
    let overflow = false;
    this.state.fsStatus = { fs: 1, ftp: 0, size: 0 };
    const handle = backend.download(this.ctx.getTarget(), (chunk) => {
      if (this.bytesMoved + chunk.length > limit) overflow = true;
      if (overflow) return;
      parts.push(chunk);
      this.bytesMoved += chunk.length;
      if (this.state.fsStatus) this.state.fsStatus.size = this.bytesMoved;
    });
    this.onEnd(() => handle.abort());
    await handle.done;
    if (overflow) return this.fail(FtpCode.download);
    this.ctx.fs.write(this.dir, this.name, Buffer.concat(parts));
    this.finish(FtpCode.ok);
  }

  override finish(code: number): void {
    // A failed or overfull download leaves no partial file (S-FTPAN V1.02 §2.2.3).
    if (!this.ended) this.state.fsStatus = { fs: 0, ftp: code, size: code === 0 ? this.bytesMoved : 0 };
    super.finish(code);
  }
}
