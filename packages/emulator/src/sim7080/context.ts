/**
 * The state one virtual SIM7080G holds, shared by its command handlers and flows: output, parameters, bearer,
 * SSL, file system, the one FTP operation that may run at a time, timers, and raw-byte capture from the host.
 */
import { BasicFtpBackend, type FtpBackend, type FtpConnectOptions } from '../backend/index.js';
import type { FaultPlan } from '../faults.js';
import type { Clock } from '../links/clock.js';
import type { CommandReader } from '../model/command-reader.js';
import type { ModelOptions, ModelTiming } from '../model/types.js';
import { Bearer } from './bearer.js';
import { FtpCode, type FtpCodeValue } from './errors.js';
import { TimerSet } from '../common/timers.js';
import { ModuleFs } from './fs.js';
import type { FtpOperation } from './operation.js';
import type { AtOutput } from '../common/output.js';
import { initialParams, type ParamValues } from './params.js';
import { SslState } from './ssl.js';

/** Timing knobs of the model (documented on {@link ModelTiming}); tests shorten them. */
export type Sim7080Tuning = Required<
  Pick<ModelTiming, 'dataReminderMs' | 'readIdleTimeoutMs' | 'putMaxLength' | 'getBufferBytes' | 'activationMs' | 'serverTimeoutSeconds'>
>;

export const DEFAULT_TUNING: Sim7080Tuning = {
  dataReminderMs: 5_000, readIdleTimeoutMs: 120_000, putMaxLength: 1360, getBufferBytes: 16 * 1024, activationMs: 20, serverTimeoutSeconds: 75,
};

/** Kinds of FTP operation; at most one runs at a time (error 66 otherwise). */
export type OpKind = 'get' | 'list' | 'put' | 'extget' | 'extgetfile' | 'etget' | 'etput' | 'dele' | 'size' | 'mkd' | 'rmd' | 'rename' | 'mdtm';

/** Extra, non-public knobs for tests and embedders. */
export interface Sim7080Extras {
  tuning?: Partial<Sim7080Tuning>;
  /** Replaces the real basic-ftp backend (unit tests drive flows against a fake). */
  backendFactory?: (faults: () => FaultPlan) => FtpBackend;
}

export class Sim7080Context {
  readonly params: ParamValues = initialParams();
  readonly ssl = new SslState();
  readonly fs = new ModuleFs();
  readonly bearer: Bearer;
  readonly tuning: Sim7080Tuning;
  op: FtpOperation | undefined;
  readonly timers: TimerSet;

  constructor(
    readonly out: AtOutput,
    readonly reader: CommandReader,
    readonly options: ModelOptions,
    readonly clock: Clock,
    readonly extras: Sim7080Extras,
  ) {
    this.timers = new TimerSet(clock);
    this.tuning = { ...DEFAULT_TUNING, ...options.timing, ...extras.tuning };
    this.bearer = new Bearer(out, (fn, ms) => this.timer(fn, ms), this.tuning.activationMs, (idx) => {
      if (this.op && this.params['+FTPCID'] === idx) this.op.fail(FtpCode.net);
    });
  }

  /** A timer that a reboot or close cancels. */
  timer(fn: () => void, ms: number): () => void {
    return this.timers.set(fn, ms);
  }

  newBackend(): FtpBackend {
    const faults = (): FaultPlan => this.options.faults;
    return this.extras.backendFactory ? this.extras.backendFactory(faults) : new BasicFtpBackend(faults);
  }

  /**
   * The connection settings at the moment an operation starts (parameters are NO_SAVE and may change while it
   * runs), or the code that stops it first: 61 when the AT+FTPCID bearer is down, 66 when no server is set.
   */
  connectOptions(): FtpConnectOptions | FtpCodeValue {
    const p = this.params;
    if (!this.bearer.isActive(p['+FTPCID'])) return FtpCode.net;
    if (p['+FTPSERV'] === '') return FtpCode.notAllowed;
    const ca = this.ssl.caFor() ?? this.options.tls?.ca;
    const tls = this.ssl.ssltype === 1 ? 'implicit' : this.ssl.ssltype === 2 ? 'explicit' : false;
    return {
      host: p['+FTPSERV'], port: p['+FTPPORT'], user: p['+FTPUN'], password: p['+FTPPW'], tls,
      mode: p['+FTPMODE'] === 1 ? 'passive' : 'active', type: p['+FTPTYPE'] === 'A' ? 'ascii' : 'binary',
      timeoutSeconds: this.tuning.serverTimeoutSeconds,
      ...(ca !== undefined ? { ca, verifyCertificate: true } : {}),
    };
  }

  /** GETPATH + GETNAME (download, DELE, SIZE, MDTM, RENAME source). */
  getTarget(): string {
    return joinPath(this.params['+FTPGETPATH'], this.params['+FTPGETNAME']);
  }

  /** PUTPATH + PUTNAME (upload, RENAME destination). */
  putTarget(): string {
    return joinPath(this.params['+FTPPUTPATH'], this.params['+FTPPUTNAME']);
  }

  /**
   * Takes exactly `length` raw host bytes (data phase of FTPPUT=2, FTPEXTPUT=2, CFSWFILE); `done(undefined)`
   * when `timeoutMs` passes first.
   */
  capture(length: number, timeoutMs: number | undefined, done: (bytes: Buffer | undefined) => void): void {
    const parts: Buffer[] = [];
    let got = 0;
    let cancel: (() => void) | undefined;
    const finish = (bytes: Buffer | undefined): void => {
      cancel?.();
      this.reader.exitRaw();
      done(bytes);
    };
    if (timeoutMs !== undefined) cancel = this.timer(() => finish(undefined), timeoutMs);
    this.reader.enterRaw((chunk) => {
      const take = Math.min(chunk.length, length - got);
      parts.push(Buffer.from(chunk.subarray(0, take)));
      got += take;
      if (got === length) finish(Buffer.concat(parts));
      return take;
    });
  }
}

/** Joins a directory and a name the way the module builds its FTP argument. */
function joinPath(dir: string, name: string): string {
  return dir === '' ? name : name === '' ? dir : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}
