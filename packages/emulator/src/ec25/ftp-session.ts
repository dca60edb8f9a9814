import { systemClock, type Clock } from '../links/clock.js';
import { BasicFtpBackend } from '../backend/ftp-backend.js';
import { FtpBackendError, type FtpConnectOptions } from '../backend/types.js';
import type { AtOutput } from '../common/output.js';
import type { ModelOptions } from '../model/types.js';
import type { ByteQueue } from '../common/byte-queue.js';
import { TimerSet } from '../common/timers.js';
import { failureToCodes } from './codes.js';
import { FtpStat, type FtpConfig, type FtpStatValue } from './context.js';
import type { TransferHandle } from '../backend/types.js';

/** An upload left open by `AT+QFTPPUT=…,"COM:",<startpos>,<uploadlen>,0` (AN §2.5 `<beof>` 0). */
export interface PendingPut {
  file: string;
  queue: ByteQueue;
  handle: TransferHandle<number>;
  /** Where the next packet must start (`<startpos>` of the next call). */
  position: number;
  /** Set when the upload failed (its URC has been sent). */
  failed: boolean;
  /** Ends the packet in data mode now, when the upload fails under it. */
  interrupt?: (() => void) | undefined;
}

/**
 * The EC25's FTP(S) session state: login status (`+QFTPSTAT`), the busy windows that make commands answer
 * 603, and the length of the last transfer (`+QFTPLEN`).
 */
export class Ec25FtpSession {
  readonly backend: BasicFtpBackend;
  stat: FtpStatValue = FtpStat.closed;
  /** An operation is in flight (OK given, URC not yet). */
  busy = false;
  transferLen = 0;
  pendingPut: PendingPut | undefined;
  /** Variant `get-150-once`: files whose first download already failed with 627,150. */
  readonly flaky = new Set<string>();
  #busyUntil = 0;
  readonly #timers: TimerSet;
  readonly #options: ModelOptions;
  readonly #clock: Clock;

  constructor(options: ModelOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#timers = new TimerSet(this.#clock);
    this.backend = new BasicFtpBackend(() => options.faults);
  }

  /**
   * Whether an FTP command may run now; otherwise answers `+CME ERROR` itself: 603 while busy/closing/after a
   * failed data connection (field reports, B.9), 625 when not logged in.
   */
  admit(out: AtOutput, needsLogin = true): boolean {
    const busy = this.busy || this.stat === FtpStat.closing || this.stat === FtpStat.opening || this.stat === FtpStat.transferring || this.#clock.now() < this.#busyUntil;
    if (busy || (this.pendingPut && needsLogin)) {
      out.cmeError(603);
      return false;
    }
    if (needsLogin && this.stat !== FtpStat.idle) {
      out.cmeError(625);
      return false;
    }
    return true;
  }

  /**
   * Runs an OK-now-URC-later operation: `+<name>: <tail>` on success, `+<name>: <err>,<protocol_error>` on
   * failure.
   */
  runAsync(out: AtOutput, name: string, run: () => Promise<string>): void {
    this.busy = true;
    out.ok();
    void run().then((tail) => tail, (err: unknown) => this.codesFor(err).join(',')).then((tail) => {
      this.busy = false;
      out.urc(`${name}: ${tail}`);
    });
  }

  /** Maps a failure to Quectel codes and applies its after-effects (603 window, lost session). */
  codesFor(err: unknown, bytesMoved = 0): [number, number] {
    const failure = FtpBackendError.of(err);
    const codes = failureToCodes(failure, bytesMoved);
    // Field report: EC25 firmware answers a closed server port with 606,0 where the AN's table suggests 605.
    if (failure.kind === 'connect' && this.#options.variants?.has('open-closed-port-606')) codes[0] = 606;
    if (codes[0] === 615) this.#busyUntil = this.#clock.now() + (this.#options.timing?.busyAfterDataFailureMs ?? 2000);
    if (failure.kind === 'closed' || failure.kind === 'timeout') this.stat = FtpStat.closed;
    return codes;
  }

  async open(options: FtpConnectOptions): Promise<void> {
    this.stat = FtpStat.opening;
    try {
      await this.backend.connect(options);
      this.stat = FtpStat.idle;
    } catch (err) {
      this.stat = FtpStat.closed;
      throw err;
    }
  }

  /** Logout completes asynchronously (field report): `+QFTPCLOSE: 0,0` after `asyncCloseMs`. */
  close(out: AtOutput): void {
    this.stat = FtpStat.closing;
    out.ok();
    const closed = (): void => {
      this.stat = FtpStat.closed;
      out.urc('+QFTPCLOSE: 0,0');
    };
    this.#timers.set(() => void this.backend.close().then(closed), this.#options.timing?.asyncCloseMs ?? 500);
  }

  /** Drops everything (reboot, PDP loss, model close). */
  async reset(): Promise<void> {
    this.#timers.clear();
    this.pendingPut?.queue.end();
    this.pendingPut = undefined;
    this.busy = false;
    this.#busyUntil = 0;
    this.stat = FtpStat.closed;
    await this.backend.close();
  }

  /** Connection settings from AT+QFTPCFG. */
  static connectOptions(cfg: FtpConfig, host: string, port: number, tls: Pick<FtpConnectOptions, 'ca' | 'verifyCertificate'>): FtpConnectOptions {
    return {
      host,
      port,
      user: cfg.user,
      password: cfg.password,
      tls: cfg.sslType === 1 ? 'implicit' : cfg.sslType === 2 ? 'explicit' : false,
      mode: cfg.transMode === 1 ? 'passive' : 'active',
      // FTP(S) AN §2.1 note: "FTPS does not currently support active mode".
      activeTls: false,
      type: cfg.fileType === 1 ? 'ascii' : 'binary',
      timeoutSeconds: cfg.rspTimeout,
      ...tls,
    };
  }
}
