/**
 * The FTP client state of a SARA module (R4-MAN §20, digest §1): the
 * profile, one login kept between operations, the one operation in flight
 * (`OK` at once, `+UUFTPCR: <op>,<1|0>` later), the last error for
 * `AT+UFTPER`, and the inactivity timeout (op 5, default 30 s) that ends an
 * idle login without a word.
 */
import { BasicFtpBackend } from '../backend/ftp-backend.js';
import type { TransferHandle } from '../backend/types.js';
import type { ModemCore } from '../common/modem-core.js';
import { FtpClass, FtpCode, NO_ERROR, pairFor, type FailureTarget, type FtpErrorPair } from './errors.js';
import { defaultParams, type FtpParams } from './uftp.js';

/** How a failure is classified, and how many payload bytes had moved. */
export interface OpShape {
  target: FailureTarget;
  moved?: () => number;
}

export class SaraFtp {
  readonly backend: BasicFtpBackend;
  params: FtpParams = defaultParams();
  loggedIn = false;
  /** The op code between its `OK` and its `+UUFTPCR`. */
  busy: number | undefined;
  /** The running transfer, aborted by a restart or a `+++`. */
  transfer: TransferHandle<number> | undefined;
  lastError: FtpErrorPair = NO_ERROR;
  #idle: unknown;
  #epoch = 0;

  constructor(private readonly core: ModemCore) {
    this.backend = new BasicFtpBackend(() => core.faults);
    // The server dropped an idle login: the module notices at the next operation (33).
    this.backend.onControlLost = () => {
      this.loggedIn = false;
    };
  }

  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Whether op `op` may start; otherwise its refusal has been printed (`OK`,
   * `+UUFTPCR: <op>,0`) and `AT+UFTPER` says why (8,21 busy, 1,33 not logged in).
   */
  admit(op: number, needsLogin = true): boolean {
    const refusal = this.busy !== undefined ? { cls: FtpClass.usage, code: FtpCode.busy } : needsLogin && !this.loggedIn ? { cls: FtpClass.protocol, code: FtpCode.notLoggedIn } : undefined;
    if (!refusal) return true;
    this.fail(op, refusal);
    return false;
  }

  /** `OK`, then `+UUFTPCR: <op>,0` with `pair` for `AT+UFTPER`. */
  fail(op: number, pair: FtpErrorPair): void {
    this.core.out.ok();
    this.lastError = pair;
    this.core.out.urc(`+UUFTPCR: ${op},0`);
  }

  /** Runs an admitted op: `OK` now, `+UUFTPCR: <op>,1` when `body` resolves, `,0` when it throws. */
  run(op: number, shape: OpShape, body: () => Promise<void>): void {
    this.core.out.ok();
    void this.settle(op, shape, body).then((ok) => this.result(op, ok));
  }

  /** Runs `body` as op `op` (busy meanwhile); resolves true on success, false with `lastError` set. Stale after a reset: never settles. */
  settle(op: number, shape: OpShape, body: () => Promise<void>): Promise<boolean> {
    this.busy = op;
    this.#stopIdle();
    const epoch = this.#epoch;
    return new Promise((resolve) => {
      // A body that throws at once (a missing argument) fails like one that rejects.
      Promise.resolve().then(body).then(
        () => epoch === this.#epoch && resolve(true),
        (err: unknown) => {
          if (epoch !== this.#epoch) return;
          this.lastError = pairFor(err, shape.target, shape.moved?.() ?? 0);
          if (this.lastError.code === FtpCode.notLoggedIn && this.lastError.cls === FtpClass.protocol) this.loggedIn = false;
          resolve(false);
        },
      );
    });
  }

  /** Ends the op in flight: `+UUFTPCR: <op>,<1|0>`, and the inactivity timer starts again. */
  result(op: number, ok: boolean): void {
    this.busy = undefined;
    this.transfer = undefined;
    this.armIdle();
    this.core.out.urc(`+UUFTPCR: ${op},${ok ? 1 : 0}`);
  }

  /** (Re)starts the inactivity timeout of an idle login (op 5; 0 = none). */
  armIdle(): void {
    this.#stopIdle();
    if (!this.loggedIn || this.busy !== undefined || this.params.timeout === 0) return;
    this.#idle = this.core.clock.setTimeout(() => {
      this.#idle = undefined;
      // The login ends; the next operation fails with 1,33 (digest §10).
      this.loggedIn = false;
      void this.backend.close();
    }, this.params.timeout * 1000);
  }

  #stopIdle(): void {
    if (this.#idle !== undefined) this.core.clock.clearTimeout(this.#idle);
    this.#idle = undefined;
  }

  async logout(): Promise<void> {
    this.loggedIn = false;
    this.#stopIdle();
    this.transfer?.abort();
    await this.backend.close();
  }

  /** The bearer went away: the op in flight fails with 1,12, the login is gone; the profile stays. */
  lose(): Promise<void> {
    const op = this.busy;
    this.#epoch++;
    if (op !== undefined) {
      this.lastError = { cls: FtpClass.protocol, code: FtpCode.noPsd };
      this.result(op, false);
    }
    this.busy = undefined;
    return this.logout();
  }

  /** Drops everything (restart, close): the profile is volatile (R4-MAN §20.1). */
  async reset(): Promise<void> {
    this.#epoch++;
    this.busy = undefined;
    this.params = defaultParams();
    this.lastError = NO_ERROR;
    await this.logout();
  }
}
