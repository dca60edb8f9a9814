import { Readable, Writable } from 'node:stream';
import { FTPError, type FTPResponse } from 'basic-ftp';
import { openActiveDataPath, type ActiveDataPath, type DataDirection } from './active-mode.js';
import type { FaultPlan } from '../faults.js';
import { toBackendError } from './failure.js';
import { closedLoopbackPort, cutDataAfterBytes, passiveTransfer, refusedPassiveTransfer } from './fault-hooks.js';
import { watchControl } from './control-watch.js';
import { logIn } from './login.js';
import type { RawFtpClient } from './raw-client.js';
import { parseSizeReply } from './size-reply.js';
import { awaitServerVerdict, type Restore } from './server-verdict.js';
import { retrieve, type DataStats, type Retrieval } from './retrieve.js';
import {
  FtpBackendError,
  type ByteSink,
  type DownloadOptions,
  type FtpBackend,
  type FtpConnectOptions,
  type TransferHandle,
  type UploadOptions,
} from './types.js';

/** How long a data connection dropped before 150 waits for the server's reply that explains it. */
const VERDICT_GRACE_MS = 2000;

/**
 * The {@link FtpBackend} every virtual modem uses: basic-ftp against wherever the host's AT commands point,
 * with the {@link FaultPlan}'s network faults applied to the real sockets.
 *
 * Control encoding is latin1 so that path bytes typed on the AT line reach the server unchanged and listing
 * bytes come back unchanged.
 */
export class BasicFtpBackend implements FtpBackend {
  #client: RawFtpClient | undefined;
  #options: FtpConnectOptions | undefined;
  #cwd: string | undefined;
  /** Set after a transfer broke: basic-ftp may still owe a stale reply, so the next call logs in afresh. */
  #dirty = false;
  /** Download bytes received from the server, for tests and diagnostics: a range must not drain the file. */
  readonly stats: DataStats = { received: 0 };
  /** The final reply of a download stopped early, still being read (see retrieve.ts). */
  #settling: Promise<void> = Promise.resolve();
  readonly #faults: () => FaultPlan;
  /**
   * The server (or a fault) closed the idle control connection: a module says so unasked (`+CFTPSNOTIFY: PEER
   * CLOSED`).
   */
  onControlLost: (() => void) | undefined;
  #inUse = 0;

  constructor(faults: () => FaultPlan = () => ({})) {
    this.#faults = faults;
  }

  /** A close under a call is that call's failure; our own close has already dropped `#client`. */
  #watch(client: RawFtpClient): RawFtpClient {
    return watchControl(client, () => void (this.#inUse === 0 && this.#client === client && this.onControlLost?.()));
  }

  get connected(): boolean {
    return this.#client !== undefined && !this.#client.closed;
  }

  async connect(options: FtpConnectOptions): Promise<void> {
    await this.close();
    this.#options = options;
    this.#cwd = undefined;
    this.#client = this.#watch(await logIn(options, this.#faults()));
  }

  setDataOptions(options: Pick<FtpConnectOptions, 'mode' | 'type'>): void {
    if (this.#options) this.#options = { ...this.#options, ...options };
  }

  /** The logged-in client, re-established after a broken transfer. */
  async #ready(): Promise<RawFtpClient> {
    // A download we cut short still owes its final reply: read it before anything else is sent.
    await this.#settling;
    const client = this.#client;
    if (!client || !this.#options) throw new FtpBackendError({ kind: 'closed', message: 'not logged in' });
    if (client.closed && !this.#dirty) throw new FtpBackendError({ kind: 'closed', message: 'control connection closed' });
    if (!this.#dirty) return client;
    client.close();
    this.#dirty = false;
    const fresh = this.#watch(await logIn(this.#options, this.#faults()));
    this.#client = fresh;
    if (this.#cwd !== undefined) await fresh.cd(this.#cwd);
    return fresh;
  }

  /** Counts the calls using the control connection: a close under one is that call's failure, not news. */
  async #using<T>(body: () => Promise<T>): Promise<T> {
    this.#inUse++;
    try {
      return await body();
    } finally {
      this.#inUse--;
    }
  }

  #command<T>(run: (client: RawFtpClient) => Promise<T>): Promise<T> {
    return this.#using(async () => {
      const client = await this.#ready();
      try {
        return await run(client);
      } catch (err) {
        throw toBackendError(err, 'command');
      }
    });
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
    return this.#listing('LIST', path);
  }

  nlst(path = ''): Promise<Buffer> {
    return this.#listing('NLST', path);
  }

  mlsd(path = ''): Promise<Buffer> {
    return this.#listing('MLSD', path);
  }

  async #listing(verb: string, path: string): Promise<Buffer> {
    const command = path ? `${verb} ${path}` : verb;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    });
    await this.#transfer('download', (c) => c.rawListing(command, sink));
    return Buffer.concat(chunks);
  }

  async size(path: string): Promise<number> {
    return parseSizeReply((await this.#send(`SIZE ${path}`)).message);
  }

  async mdtm(path: string): Promise<string> {
    return (await this.#send(`MDTM ${path}`)).message.slice(4).trim();
  }

  async mkdir(path: string): Promise<void> {
    await this.#send(`MKD ${path}`);
  }

  async rmdir(path: string): Promise<void> {
    await this.#send(`RMD ${path}`);
  }

  async delete(path: string): Promise<void> {
    await this.#send(`DELE ${path}`);
  }

  #send(command: string): Promise<FTPResponse> {
    return this.#command((c) => c.send(command));
  }

  async rename(from: string, to: string): Promise<void> {
    await this.#command(async (c) => {
      await c.send(`RNFR ${from}`);
      await c.send(`RNTO ${to}`);
    });
  }

  download(path: string, sink: ByteSink, options: DownloadOptions = {}): TransferHandle<number> {
    let aborted = false;
    let retrieval: Retrieval | undefined;
    const done = this.#transfer('download', async (c) => {
      await c.prepareTransfer(c.ftp);
      retrieval = retrieve(c.ftp, path, {
        startAt: options.startAt ?? 0,
        limit: options.maxBytes ?? Number.POSITIVE_INFINITY,
        stopped: () => aborted,
        sink,
      }, this.stats);
      // A range or an abort ends with our cut of the data connection. The transfer is over when the server
      // has answered RETR too, as for any FTP client; the caller's read-ahead is still draining to the line
      // meanwhile, so on a paced line this costs nothing. #ready also waits for it, in case a caller moves on
      // before `done`.
      this.#settling = retrieval.settled.catch((err: unknown) => {
        // A server reply (550, …) leaves control in step; no final reply at all (timeout, closed) means never
        // reuse a control connection that may still owe one.
        if (!(err instanceof FTPError) && this.#client === c) this.#dirty = true;
      });
      const result = await retrieval.delivered;
      await this.#settling;
      return result;
    }).then(({ bytes }) => {
      if (aborted) throw new FtpBackendError({ kind: 'aborted', message: 'download aborted' });
      return bytes;
    });
    return {
      done,
      abort: () => {
        aborted = true;
        retrieval?.poke();
      },
    };
  }

  upload(path: string, source: AsyncIterable<Uint8Array>, options: UploadOptions): TransferHandle<number> {
    let sent = 0;
    let abort = (): void => undefined;
    const counted = Readable.from((async function* count() {
      for await (const chunk of source) {
        sent += chunk.length;
        yield Buffer.from(chunk);
      }
    })());
    const command = options.mode === 'append' ? 'APPE' : 'STOR';
    const done = this.#transfer('upload', (c) => {
      abort = () => {
        this.#dirty = true;
        c.ftp.dataSocket?.destroy();
      };
      return c.rawUpload(counted, path, command, options.startAt ?? 0);
    }).then(() => sent);
    return { done, abort: () => abort() };
  }

  /**
   * Runs a data transfer in the mode AT+QFTPCFG/AT+FTPMODE chose, with the fault plan's data-connection
   * faults in force.
   */
  #transfer<T>(direction: DataDirection, run: (c: RawFtpClient) => Promise<T>): Promise<T> {
    return this.#using(() => this.#transferNow(direction, run));
  }

  async #transferNow<T>(direction: DataDirection, run: (c: RawFtpClient) => Promise<T>): Promise<T> {
    const client = await this.#ready();
    const faults = this.#faults();
    const cutAt = faults.closeDataAfterBytes;
    const active = this.#options?.mode === 'active';
    const type = this.#options?.type ?? 'binary';
    if (client.type !== type) {
      await this.#command((c) => c.send(type === 'ascii' ? 'TYPE A' : 'TYPE I'));
      client.type = type;
    }
    if (active && this.#options?.tls !== false && this.#options?.activeTls === false) {
      throw new FtpBackendError({ kind: 'data', message: 'this module cannot open an active-mode data connection under TLS' });
    }
    let activePath: ActiveDataPath | undefined;
    let restore: Restore | undefined;
    client.prepareTransfer = async (ftp) => {
      restore = awaitServerVerdict(ftp, Math.min(VERDICT_GRACE_MS, (this.#options?.timeoutSeconds ?? 90) * 1000));
      let res: FTPResponse;
      if (active) {
        // A refused data connection in active mode is the server failing to reach our port.
        const announcePort = faults.refuseDataConnection ? await closedLoopbackPort() : undefined;
        activePath = await openActiveDataPath(ftp, { direction, announcePort });
        res = activePath.response;
      } else {
        res = await (faults.refuseDataConnection ? refusedPassiveTransfer : passiveTransfer)(ftp);
      }
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
    } finally {
      restore?.();
      activePath?.close();
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#dirty = false;
    this.#settling = Promise.resolve();
    if (!client || client.closed) return;
    try {
      await client.send('QUIT');
    } catch {
      // The server may already be gone; closing is best effort like a module's.
    }
    client.close();
  }
}
