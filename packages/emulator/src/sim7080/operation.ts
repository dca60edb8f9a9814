/**
 * What every FTP operation of the SIM7080 shares: it owns the single operation slot (a second one gets error
 * 66), logs in afresh (each operation is its own login → command → logout session, S-FTPAN §5 "the connection
 * to the FTP server is closed"), ends exactly once with its result URC, and logs out.
 */
import type { FtpBackend, FtpConnectOptions } from '../backend/index.js';
import type { OpKind, Sim7080Context } from './context.js';
import { codeForFailure, FtpCode, type FailureContext, type FtpCodeValue } from './errors.js';

/** The final result URC each operation prints (AT manual §15.2.14–28). */
function resultUrc(kind: OpKind, code: number): string {
  return kind === 'size' ? `+FTPSIZE: 1,${code},0` : kind === 'extgetfile' ? `+FTPEXTGETFILE: 1,${code}` : `+FTP${kind.toUpperCase()}: 1,${code}`;
}

export abstract class FtpOperation {
  ended = false;
  protected backend: FtpBackend | undefined;
  protected connectOptions: FtpConnectOptions | undefined;
  readonly #cleanups: Array<() => void> = [];

  constructor(
    protected readonly ctx: Sim7080Context,
    readonly kind: OpKind,
  ) {}

  /**
   * Answers the start command (`OK`) and runs the operation, or reports 66 when another one is running or
   * `precondition` fails (S-FTPAN §5.5).
   */
  launch(precondition = true): void {
    const { ctx } = this;
    ctx.out.ok();
    if (ctx.op || !precondition) {
      ctx.out.urc(resultUrc(this.kind, FtpCode.notAllowed));
      return;
    }
    ctx.op = this;
    void this.#run();
  }

  async #run(): Promise<void> {
    const options = this.ctx.connectOptions();
    if (typeof options === 'number') return this.fail(options);
    this.connectOptions = options;
    const backend = this.ctx.newBackend();
    this.backend = backend;
    try {
      await backend.connect(options);
    } catch (err) {
      if (!this.ended) this.fail(this.codeFor(err, 'login'));
      return;
    }
    if (this.ended) return void backend.close();
    try {
      await this.body(backend);
    } catch (err) {
      if (!this.ended) this.fail(this.codeFor(err, this.phase));
    }
  }

  /** Which phase a failure in {@link body} belongs to. */
  protected phase: FailureContext['phase'] = 'command';

  /** Payload bytes moved so far (tells a refused data connection from a broken one). */
  protected bytesMoved = 0;

  protected codeFor(err: unknown, phase: FailureContext['phase']): FtpCodeValue {
    const tls = this.connectOptions?.tls;
    return codeForFailure(err, {
      phase,
      bytesMoved: this.bytesMoved,
      passive: this.connectOptions?.mode !== 'active',
      tls: tls === false || tls === undefined ? 'none' : tls,
    });
  }

  /** The operation proper, on a logged-in backend. It ends by calling {@link finish} or throwing. */
  protected abstract body(backend: FtpBackend): Promise<void>;

  /** Registers clean-up run when the operation ends (timers, aborts). */
  protected onEnd(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  /** Ends with `code` and its result URC; later calls do nothing. */
  finish(code: number, urc: string = resultUrc(this.kind, code)): void {
    if (!this.end()) return;
    this.ctx.out.urc(urc);
  }

  fail(code: FtpCodeValue): void {
    this.finish(code);
  }

  discard(): void {
    this.end();
  }

  /** Releases the slot and the backend; false when already ended. */
  protected end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    if (this.ctx.op === this) this.ctx.op = undefined;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    void this.backend?.close();
    return true;
  }
}
