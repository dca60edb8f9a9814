import { Readable, Writable } from 'node:stream';
import type { FaultPlan } from '../faults.js';
import { toBackendError } from './failure.js';
import { cutAfterBytes, cutDataAfterBytes, passiveTransfer, refusedPassiveTransfer } from './fault-hooks.js';
import { RawFtpClient } from './raw-client.js';
import {
  FtpBackendError,
  type ByteSink,
  type DownloadOptions,
  type FtpBackend,
  type FtpConnectOptions,
  type TransferHandle,
  type UploadOptions,
} from './types.js';

/**
 * The {@link FtpBackend} every virtual modem uses: basic-ftp against wherever
 * the host's AT commands point, with the {@link FaultPlan}'s network faults
 * applied to the real sockets.
 *
 * Control encoding is latin1 so that path bytes typed on the AT line reach the
 * server unchanged and listing bytes come back unchanged.
 */
export class BasicFtpBackend implements FtpBackend {
  #client: RawFtpClient | undefined;
  #options: FtpConnectOptions | undefined;
  #cwd: string | undefined;
  /** Set after a transfer broke: basic-ftp may still owe a stale reply, so the next call logs in afresh. */
  #dirty = false;
  readonly #faults: () => FaultPlan;

  constructor(faults: () => FaultPlan = () => ({})) {
    this.#faults = faults;
  }

  get connected(): boolean {
    return this.#client !== undefined && !this.#client.closed;
  }

  async connect(options: FtpConnectOptions): Promise<void> {
    await this.close();
    this.#options = options;
    this.#cwd = undefined;
    this.#client = await this.#login(options);
  }

  async #login(options: FtpConnectOptions): Promise<RawFtpClient> {
    const faults = this.#faults();
    if (faults.dnsFailure) {
      throw new FtpBackendError({ kind: 'dns', message: `fault: ${options.host} does not resolve` });
    }
    const client = new RawFtpClient(options.timeoutSeconds * 1000);
    client.ftp.encoding = 'latin1';
    try {
      await client.access({
        host: options.host,
        port: options.port,
        user: options.user,
        // A refused login is made real: the server itself answers 530.
        password: faults.refuseLogin ? `${options.password}\u0001refused` : options.password,
        secure: options.tls === 'implicit' ? 'implicit' : options.tls === 'explicit',
        secureOptions: {
          rejectUnauthorized: options.verifyCertificate ?? false,
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
        },
      });
      if (options.type === 'ascii') await client.send('TYPE A');
    } catch (err) {
      client.close();
      throw toBackendError(err, 'connect');
    }
    if (faults.closeControlAfterBytes !== undefined) cutAfterBytes(client.ftp.socket, faults.closeControlAfterBytes);
    return client;
  }

  /** The logged-in client, re-established after a broken transfer. */
  async #ready(): Promise<RawFtpClient> {
    const client = this.#client;
    if (!client || !this.#options) throw new FtpBackendError({ kind: 'closed', message: 'not logged in' });
    if (client.closed && !this.#dirty) throw new FtpBackendError({ kind: 'closed', message: 'control connection closed' });
    if (!this.#dirty) return client;
    client.close();
    this.#dirty = false;
    const fresh = await this.#login(this.#options);
    this.#client = fresh;
    if (this.#cwd !== undefined) await fresh.cd(this.#cwd);
    return fresh;
  }

  async #command<T>(run: (client: RawFtpClient) => Promise<T>): Promise<T> {
    const client = await this.#ready();
    try {
      return await run(client);
    } catch (err) {
      throw toBackendError(err, 'command');
    }
  }

  async cwd(path: string): Promise<void> {
    await this.#command(async (c) => {
      await c.send(`CWD ${path}`);
      this.#cwd = await c.pwd();
    });
  }

  pwd(): Promise<string> {
    return this.#command((c) => c.pwd());
  }

  list(path = ''): Promise<Buffer> {
    return this.#listing(path ? `LIST ${path}` : 'LIST');
  }

  nlst(path = ''): Promise<Buffer> {
    return this.#listing(path ? `NLST ${path}` : 'NLST');
  }

  mlsd(path = ''): Promise<Buffer> {
    return this.#listing(path ? `MLSD ${path}` : 'MLSD');
  }

  async #listing(command: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    });
    await this.#transfer((c) => c.rawListing(command, sink));
    return Buffer.concat(chunks);
  }

  async size(path: string): Promise<number> {
    const res = await this.#command((c) => c.send(`SIZE ${path}`));
    return Number.parseInt(res.message.slice(4).trim(), 10);
  }

  async mdtm(path: string): Promise<string> {
    const res = await this.#command((c) => c.send(`MDTM ${path}`));
    return res.message.slice(4).trim();
  }

  async mkdir(path: string): Promise<void> {
    await this.#command((c) => c.send(`MKD ${path}`));
  }

  async rmdir(path: string): Promise<void> {
    await this.#command((c) => c.send(`RMD ${path}`));
  }

  async delete(path: string): Promise<void> {
    await this.#command((c) => c.send(`DELE ${path}`));
  }

  async rename(from: string, to: string): Promise<void> {
    await this.#command(async (c) => {
      await c.send(`RNFR ${from}`);
      await c.send(`RNTO ${to}`);
    });
  }

  download(path: string, sink: ByteSink, options: DownloadOptions = {}): TransferHandle<number> {
    let aborted = false;
    let forwarded = 0;
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        // Past the limit (or after an abort) the rest is drained, not cut, so that
        // the control connection stays in step (no stale 426 for the next command).
        const room = aborted ? 0 : Math.max(0, max - forwarded);
        if (room === 0) return done();
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        forwarded += part.length;
        Promise.resolve(sink(part)).then(() => done(), done);
      },
    });
    const done = this.#transfer((c) => c.rawDownload(destination, path, options.startAt ?? 0)).then(() => {
      if (aborted) throw new FtpBackendError({ kind: 'aborted', message: 'download aborted' });
      return forwarded;
    });
    return { done, abort: () => void (aborted = true) };
  }

  upload(path: string, source: AsyncIterable<Uint8Array>, options: UploadOptions): TransferHandle<number> {
    let sent = 0;
    let abort = (): void => undefined;
    const counted = Readable.from(
      (async function* count() {
        for await (const chunk of source) {
          sent += chunk.length;
          yield Buffer.from(chunk);
        }
      })(),
    );
    const command = options.mode === 'append' ? 'APPE' : 'STOR';
    const done = this.#transfer(
      (c) => {
        abort = () => {
          this.#dirty = true;
          c.ftp.dataSocket?.destroy();
        };
        return c.rawUpload(counted, path, command, options.startAt ?? 0);
      },
    ).then(() => sent);
    return { done, abort: () => abort() };
  }

  /** Runs a data transfer with the fault plan's data-connection faults in force. */
  async #transfer<T>(run: (c: RawFtpClient) => Promise<T>): Promise<T> {
    const client = await this.#ready();
    const faults = this.#faults();
    const strategy = faults.refuseDataConnection ? refusedPassiveTransfer : passiveTransfer;
    const cutAt = faults.closeDataAfterBytes;
    client.prepareTransfer = async (ftp) => {
      const res = await strategy(ftp);
      if (cutAt !== undefined && ftp.dataSocket) cutDataAfterBytes(ftp.dataSocket, cutAt);
      return res;
    };
    try {
      return await run(client);
    } catch (err) {
      const failure = toBackendError(err, 'transfer');
      // After a broken transfer the server may still send a 426/226: start afresh next time.
      if (failure.kind !== 'server' || failure.reply === 425 || failure.reply === 426) this.#dirty = true;
      if (failure.kind === 'closed' && !client.closed) throw new FtpBackendError({ kind: 'data', message: failure.message });
      throw failure;
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#dirty = false;
    if (!client || client.closed) return;
    try {
      await client.send('QUIT');
    } catch {
      // The server may already be gone; closing is best effort like a module's.
    }
    client.close();
  }
}
