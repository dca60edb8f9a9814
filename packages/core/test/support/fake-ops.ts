import type { ByteSource } from '../../src/transfer/source.js';
import type { DownloadContext, FtpOps, UploadContext } from '../../src/session/ftp-ops.js';
import type { PayloadSink } from '../../src/engine/command.js';
import { FtpError } from '../../src/errors/ftp-error.js';
import { remotePath } from '../../src/session/remote-path.js';

/** An in-memory FTP server behind the FtpOps contract, recording every call. */
export class FakeOps implements FtpOps {
  readonly calls: string[] = [];
  readonly dirs = new Set<string>(['/']);
  readonly files = new Map<string, Uint8Array>();
  cwd = '/';
  closed = false;
  readonly capabilities = {
    persistentSession: true,
    mlsd: false,
    nlst: true,
    serverSideCwd: true,
    downloadStrategies: ['fake'],
    uploadStrategies: ['fake'],
  };
  readonly limits = { maxPathBytes: 255, maxNameBytes: 64 };

  #abs(p: string): string {
    return remotePath.resolve(this.cwd, p);
  }

  async cd(path: string) {
    this.calls.push(`cd ${path}`);
    const abs = this.#abs(path);
    if (!this.dirs.has(abs)) throw new FtpError('NOT_FOUND', `no ${abs}`, { serverReply: 550 });
    this.cwd = abs;
  }
  async pwd() {
    return this.cwd;
  }
  async list() {
    return [];
  }
  async listNames() {
    return [];
  }
  async size(path: string) {
    this.calls.push(`size ${path}`);
    return this.files.get(this.#abs(path))?.length ?? 0;
  }
  async lastMod() {
    return new Date(0);
  }
  async makeDir(path: string) {
    this.calls.push(`mkdir ${path}`);
    this.dirs.add(this.#abs(path));
  }
  async removeEmptyDir(path: string) {
    this.dirs.delete(this.#abs(path));
  }
  async remove(path: string) {
    this.calls.push(`remove ${path}`);
    this.files.delete(this.#abs(path));
  }
  async rename(from: string, to: string) {
    this.calls.push(`rename ${from} ${to}`);
  }
  async download(path: string, sink: PayloadSink, ctx: DownloadContext) {
    const data = (this.files.get(this.#abs(path)) ?? new Uint8Array()).subarray(ctx.startAt);
    ctx.onTotal(data.length);
    for (let i = 0; i < data.length; i += 1000) {
      const chunk = data.subarray(i, i + 1000);
      await sink(chunk);
      ctx.onBytes(chunk.length);
    }
    return data.length;
  }
  async upload(path: string, source: ByteSource, ctx: UploadContext) {
    const parts: Uint8Array[] = [];
    for (let c = await source.read(777); c.length > 0; c = await source.read(777)) {
      parts.push(Uint8Array.from(c));
      ctx.onBytes(c.length);
    }
    const body = Buffer.concat([...(ctx.append ? [this.files.get(this.#abs(path)) ?? new Uint8Array()] : []), ...parts]);
    this.files.set(this.#abs(path), body);
    return parts.reduce((n, p) => n + p.length, 0);
  }
  async close() {
    this.closed = true;
  }
}
