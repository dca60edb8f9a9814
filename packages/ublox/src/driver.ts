import { z } from 'zod';
import { atSafeText, FirmwareMemory, FtpError, LossWatch, OperationRunner, SessionState, validate } from '@cellftp/core';
import type { AtEngine, ConnectOptions, FtpOps, ModemDriver, ModemIdentity, ResolvedFtpOptions, VendorModem } from '@cellftp/core';
import { UBLOX_CODES } from './codes.js';
import { commands } from './commands.js';
import { connectBearer } from './flows/bearer.js';
import { UbloxLink } from './flows/link.js';
import { checkOptions, openSession } from './flows/open.js';
import { UbloxFtpOps } from './flows/ops.js';
import { ubloxProfileOf, type UbloxProfile } from './profiles.js';
import { LIMITS, TIMINGS, UBLOX_LOSSES } from './rules.js';

/** Options of {@link ublox}. */
export interface UbloxDriverOptions {
  /**
   * The `AT+USECPRF` security profile (0–4) FTPS uses (`AT+UFTP=8,1,<profile>`,
   * digest §8). Prepare it on the module with a root CA and certificate
   * validation; without it FTPS needs `dangerouslyAcceptAnyCertificate`.
   */
  tlsProfile?: number;
  /** Flash file name the `fs` strategies stage through; default `cellftp.tmp` (≤ 248 characters, R4-MAN §16). */
  stagingName?: string;
  /**
   * The serial line's rate (the `baudRate` given to `openModem`), default 115200.
   * A direct-link upload ends with `+++` after 2 s of silence on the line
   * (IADG §9.1.3); the driver counts that silence from when the last byte can
   * have left at this rate, not from when a buffer took it. A lower value than
   * the real one only makes the wait longer.
   */
  baudRate?: number;
}

const driverOptionsSchema = z.object({
  tlsProfile: z.number().int().min(0).max(4).optional(),
  stagingName: atSafeText('stagingName', LIMITS.fsName).min(1).optional(),
  baudRate: z.number().int().min(300).max(16_000_000).optional(),
});

/** The profile's bounds on `modem.ftp()` options (digest §3: host ≤ 128, user and password ≤ 30). */
const ftpSchema = z.object({
  host: atSafeText('host', LIMITS.host),
  user: atSafeText('user', LIMITS.user),
  password: atSafeText('password', LIMITS.password),
});

/**
 * The driver for u-blox SARA-R4 (R404M/R410M/R412M/R422), SARA-R5
 * (R500S/R510S/R510M8S) and LARA-R6 modules (`AT+UFTP`, `AT+UFTPC`), each
 * recognised by `u-blox` in `AT+CGMI` and its profile chosen by `AT+CGMM`.
 * Strategies: downloads `direct` (SARA-R5/LARA-R6) and `fs` (staged in the
 * module's flash, the only one on SARA-R4); uploads the same pair.
 *
 * @example
 * const modem = await openModem({ path: '/dev/ttyUSB0', drivers: [ublox()] });
 * await modem.connect({ apn: 'iot.example' });
 * const ftp = await modem.ftp({ url: 'ftp://user:pass@ftp.example.com/' });
 * await ftp.downloadTo('local.bin', '/data/remote.bin');
 */
export function ublox(options: UbloxDriverOptions = {}): ModemDriver {
  const settings = validate(driverOptionsSchema, options, 'ublox() options');
  return {
    vendor: 'ublox',
    matches: (identity: ModemIdentity): boolean => ubloxProfileOf(identity) !== undefined,
    async attach(engine: AtEngine, identity: ModemIdentity): Promise<VendorModem> {
      const profile = ubloxProfileOf(identity);
      if (!profile) throw new FtpError('UNSUPPORTED', `ublox(): ${identity.manufacturer} ${identity.model} is not a SARA-R4, SARA-R5 or LARA-R6`);
      const modem = new UbloxModem(engine, profile, identity, settings);
      await modem.prepare();
      return modem;
    },
  };
}

class UbloxModem implements VendorModem {
  readonly #losses: LossWatch;
  readonly #firmware = new FirmwareMemory();

  constructor(
    private readonly engine: AtEngine,
    private readonly profile: UbloxProfile,
    private readonly identity: ModemIdentity,
    private readonly settings: UbloxDriverOptions,
  ) {
    this.#losses = new LossWatch(engine.urc$, UBLOX_LOSSES);
  }

  async prepare(signal?: AbortSignal): Promise<void> {
    await this.engine.run({ text: commands.cmee, timeoutMs: TIMINGS.localMs }, signal ? { signal } : {});
  }

  async connect(options: ConnectOptions): Promise<void> {
    this.#losses.contextId = await connectBearer(this.engine, options, this.profile);
  }

  async openFtp(options: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
    // Everything checkable is checked before the first byte is written.
    validate(ftpSchema, options, 'FTP options');
    const download = this.profile.downloads.order(options.downloadStrategy, 'downloadStrategy');
    const upload = this.profile.uploads.order(options.uploadStrategy, 'uploadStrategy');
    checkOptions(options, this.profile, this.identity, this.settings);
    const runner = new OperationRunner({ engine: this.engine, rules: { codes: UBLOX_CODES }, session: new SessionState(this.#losses), timeoutMs: options.timeoutMs });
    const link = new UbloxLink(runner, this.profile);
    await openSession(link, options, this.settings, signal);
    return new UbloxFtpOps(link, { download, upload, firmware: this.#firmware, stagingName: this.settings.stagingName ?? 'cellftp.tmp', baudRate: this.settings.baudRate ?? 115_200 });
  }
}
