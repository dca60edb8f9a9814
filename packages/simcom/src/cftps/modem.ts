import { z } from 'zod';
import { atSafeText, FirmwareMemory, LossWatch, OperationRunner, RESTART_LOSSES, SessionState, validate, type AtEngine, type ConnectOptions, type FtpOps, type ResolvedFtpOptions, type VendorModem } from '@cellftp/core';
import { commands } from './commands.js';
import { connectBearer } from './flows/bearer.js';
import { openCftps } from './flows/open.js';
import { CftpsFtpOps } from './flows/ops.js';
import type { CertMemory, CftpsTlsSettings } from './flows/tls.js';
import type { CftpsProfile } from './profiles.js';
import { CFTPS_LOSSES, CFTPS_TIMINGS, cftpsRules, ServerText } from './rules.js';

/** The family's own bounds on `modem.ftp()` options (digest §3: host/user/password ≤ 128 on A76xx, ≤ 256 on SIM7600). */
const ftpSchema = (profile: CftpsProfile) =>
  z.object({
    host: atSafeText('host', profile.maxCredential),
    user: atSafeText('user', profile.maxCredential),
    password: atSafeText('password', profile.maxCredential),
  });

/**
 * A SIMCom module of the `AT+CFTPS*` family (A76xx, SIM767x, SIM7500/7600),
 * driven by its profile's table. One FTP service and one login at a time.
 */
export class CftpsModem implements VendorModem {
  readonly #losses: LossWatch;
  readonly #firmware = new FirmwareMemory();
  readonly #serverText: ServerText;
  readonly #cert: CertMemory = { uploaded: false };
  /**
   * The module restarted with a ready line `openModem`'s restart watch does
   * not know (`*ATREADY: 1`, A76xx): echo and verbose errors are back, and
   * nobody else will set them again before the next `connect()` / `ftp()`.
   */
  #unprepared = false;

  constructor(
    private readonly engine: AtEngine,
    private readonly profile: CftpsProfile,
    private readonly tls: CftpsTlsSettings,
  ) {
    this.#losses = new LossWatch(engine.urc$, CFTPS_LOSSES);
    // A restart may have been a power cycle with a fresh file system: upload the CA again.
    this.#losses.onLoss((loss) => {
      if (!loss.restart) return;
      this.#cert.uploaded = false;
      if (!RESTART_LOSSES.some((rule) => rule.match.test(loss.line))) this.#unprepared = true;
    });
    this.#serverText = new ServerText(engine);
  }

  async prepare(signal?: AbortSignal): Promise<void> {
    await this.engine.run({ text: commands.cmee, timeoutMs: CFTPS_TIMINGS.localMs }, signal ? { signal } : {});
  }

  /** Does what `openModem` does after `RDY` (echo off, then {@link CftpsModem.prepare}) after a restart only this driver saw. */
  async #prepareAfterRestart(signal?: AbortSignal): Promise<void> {
    if (!this.#unprepared) return;
    this.#unprepared = false;
    try {
      await this.engine.run({ text: commands.echoOff, timeoutMs: CFTPS_TIMINGS.localMs }, signal ? { signal } : {});
      await this.prepare(signal);
    } catch (error) {
      // Still unprepared: the next connect() / ftp() tries again.
      this.#unprepared = true;
      throw error;
    }
  }

  async connect(options: ConnectOptions): Promise<void> {
    await this.#prepareAfterRestart(options.signal);
    this.#losses.contextId = await connectBearer(this.engine, options, this.profile);
  }

  async openFtp(options: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
    // Everything checkable is checked before the first byte is written.
    validate(ftpSchema(this.profile), options, 'FTP options');
    const download = this.profile.downloads.order(options.downloadStrategy, 'downloadStrategy');
    const upload = this.profile.uploads.order(options.uploadStrategy, 'uploadStrategy');
    await this.#prepareAfterRestart(signal);
    const runner = new OperationRunner({ engine: this.engine, rules: cftpsRules(options.timeoutMs, this.#serverText), session: new SessionState(this.#losses), timeoutMs: options.timeoutMs });
    await openCftps(runner, options, this.profile, { ...this.tls, memory: this.#cert }, signal);
    return new CftpsFtpOps(runner, { profile: this.profile, download, upload, firmware: this.#firmware });
  }
}
