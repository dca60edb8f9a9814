/**
 * The FTP(S) service state of a `AT+CFTPS*` module: started or not, logged in,
 * logged in but lost (the server closed the control connection: every
 * operation answers 421 until `AT+CFTPSLOGOUT`), the one operation in flight,
 * and the settings that only hold for a session (TYPE after login, SINGLEIP
 * and MODE before it).
 */
import { BasicFtpBackend } from '../backend/ftp-backend.js';
import type { TransferHandle } from '../backend/types.js';
import type { AtOutput } from '../common/output.js';
import type { ModelOptions } from '../model/types.js';
import { cftpsCodeFor, CftpsCode, type CftpsFailureContext } from './codes.js';

/** `out` no login, `in` logged in, `lost` the control connection is gone but the module still counts a login. */
export type LoginState = 'out' | 'in' | 'lost';

/** How an operation's failure is classified (see {@link cftpsCodeFor}). */
export interface OperationShape extends Omit<CftpsFailureContext, 'bytesMoved'> {
  /** Payload bytes moved so far, read when it fails. */
  moved?: () => number;
}

export class CftpsSession {
  readonly backend: BasicFtpBackend;
  started = false;
  login: LoginState = 'out';
  /** Name of the operation between its `OK` and its result URC. */
  busy: string | undefined;
  /** The running download or upload, for `AT+CFTPSABORT`. */
  transfer: TransferHandle<number> | undefined;
  /** `AT+CFTPSTYPE`: `I` or `A`; kept for the session only (Q1). */
  type: 'A' | 'I' = 'I';
  /** TLS of the current login (`<server_type>`), for the data-session rule of variant `data-ssl-unbound`. */
  tls: 'explicit' | 'implicit' | false = false;
  /** `AT+CFTPSSINGLEIP` (stored: on loopback the PASV and control addresses are the same). */
  singleIp = 0;
  /** `AT+CFTPSMODE` (A76xx): 1 passive, 0 active; default passive [NF in the manuals, our choice]. */
  mode = 1;
  /** Bumped by a reset: an operation of an earlier epoch ends without a word. */
  #epoch = 0;

  get epoch(): number {
    return this.#epoch;
  }

  constructor(
    private readonly out: AtOutput,
    options: ModelOptions,
  ) {
    this.backend = new BasicFtpBackend(() => options.faults);
    // The server closed the control connection (idle timeout, a fault): the module says so unasked.
    this.backend.onControlLost = () => {
      if (this.login !== 'in') return;
      this.login = 'lost';
      this.out.urc('+CFTPSNOTIFY: PEER CLOSED');
    };
  }

  /**
   * Whether an FTP operation `name` may start; otherwise answers itself:
   * `ERROR` without a started service and a login (A-MAN §17.2.4 note, field
   * report T-SIM7600X #54), `+<name>: 3` + `ERROR` while another runs, `OK`
   * then `+<name>: 421` after the server closed the session.
   */
  admit(name: string): boolean {
    if (!this.started || this.login === 'out') {
      this.out.error();
      return false;
    }
    if (this.busy !== undefined) {
      this.out.respond([`${name}: ${CftpsCode.busy}`], 'ERROR');
      return false;
    }
    if (this.login === 'lost') {
      this.out.ok();
      this.out.urc(`${name}: ${CftpsCode.timedOut}`);
      return false;
    }
    return true;
  }

  /** Runs an admitted operation: `OK` now, `+<name>: <tail>` when it succeeds, `+<name>: <err>` when it fails. */
  run(name: string, shape: OperationShape, body: () => Promise<string>): void {
    this.busy = name;
    this.out.ok();
    void this.#settle(name, shape, body);
  }

  /**
   * The same with the result before `OK`, as S-MAN also prints LOGIN, LOGOUT
   * and PWD (variant `urc-before-ok`); the returned promise holds the next command.
   */
  runUrcFirst(name: string, shape: OperationShape, body: () => Promise<string>): Promise<void> {
    this.busy = name;
    return this.#settle(name, shape, body).then(() => this.out.ok());
  }

  #settle(name: string, shape: OperationShape, body: () => Promise<string>): Promise<void> {
    const epoch = this.#epoch;
    return body().then(
      (tail) => this.#end(epoch, name, tail),
      (err: unknown) => this.#end(epoch, name, String(this.codeFor(err, shape))),
    );
  }

  /** The code for a failure, and its after-effect: a closed control connection leaves the login lost. */
  codeFor(err: unknown, shape: OperationShape): number {
    const code = cftpsCodeFor(err, { ...shape, bytesMoved: shape.moved?.() ?? 0 });
    if ((code === CftpsCode.serverClosed || code === CftpsCode.timedOut) && this.login === 'in') this.login = 'lost';
    return code;
  }

  #end(epoch: number, name: string, tail: string): void {
    if (epoch !== this.#epoch) return;
    this.busy = undefined;
    this.transfer = undefined;
    this.out.urc(`${name}: ${tail}`);
  }

  /** Logs out of the server (QUIT when it is still there). */
  async logout(): Promise<void> {
    this.login = 'out';
    this.tls = false;
    this.type = 'I';
    this.transfer?.abort();
    await this.backend.close();
  }

  /** The network went away: the operation in flight ends with 10 (network error) [I], then everything drops. */
  lose(): Promise<void> {
    if (this.busy !== undefined) this.out.urc(`${this.busy}: ${CftpsCode.network}`);
    return this.reset();
  }

  /** Drops everything (reboot, PDP loss, close). */
  async reset(): Promise<void> {
    this.#epoch++;
    this.started = false;
    this.busy = undefined;
    this.singleIp = 0;
    this.mode = 1;
    await this.logout();
  }
}
