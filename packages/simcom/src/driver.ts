import { FtpError, LossWatch, OperationRunner, SessionState, validate } from '@cellftp/core';
import type { AtEngine, ConnectOptions, FtpOps, ModemDriver, ModemIdentity, ResolvedFtpOptions, VendorModem } from '@cellftp/core';
import { CMEE, sessionParams } from './commands.js';
import { SIMCOM_CODES } from './codes.js';
import { activeContext, connectBearer } from './flows/bearer.js';
import { ModuleMemory, SimcomLink } from './flows/link.js';
import { pull } from './flows/pull.js';
import { configureTls } from './flows/tls.js';
import { SimcomFtpOps } from './session.js';
import { busyRule, DOWNLOADS, driverOptionsSchema, IDENTITY, LOSSES, simcomFtpSchema, UPLOADS } from './vendor.js';
import { CftpsModem, cftpsProfileOf } from './cftps/index.js';

/** Options of {@link simcom}. */
export interface SimcomDriverOptions {
  /**
   * CA certificate (PEM or DER) that FTPS servers are verified against. It is
   * uploaded to the module's `/customer/` and converted once per attach
   * (S-FTPAN V1.02 §5.2.1). Without `ca` or `caName`, FTPS needs
   * `dangerouslyAcceptAnyCertificate`.
   */
  ca?: string | Uint8Array;
  /** Module file name for `ca` (≤ 50 bytes), or of a CA already converted on the module. */
  caName?: string;
  /** AT+CSSLCFG context used for FTPS, 0–5; default 1. */
  sslContext?: number;
}

/**
 * The driver for SIMCom modules: SIM7070 / SIM7080 / SIM7090 (`AT+FTP*`) and
 * the LTE families of the `AT+CFTPS*` set — A7670/A7672/A7608 (A76xx),
 * SIM7670G/SIM7672G and SIM7500/SIM7600 — each detected from `AT+CGMM` and
 * driven by its dialect. On the `AT+CFTPS*` families the strategies are
 * downloads `frames` (default) and, on SIM7600, `cache`; uploads `stream`
 * (default) and `block`.
 *
 * Recognises the module by `AT+CGMI` / `AT+CGMM` (not `ATI`, which prints only a
 * revision on SIM7080, VENDOR-FACTS A.8). Strategies: downloads `etget`
 * (default, measured best), `extget`, `chunked`; uploads `etput` (default),
 * `extput`, `chunked`, chosen per session with `downloadStrategy` /
 * `uploadStrategy`; a firmware that refuses one gets the next.
 *
 * @example
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [simcom()] });
 * await modem.connect({ apn: 'iot.example' });
 * const ftp = await modem.ftp({ url: 'ftp://user:pass@ftp.example.com/' });
 * await ftp.downloadTo('local.bin', '/data/remote.bin');
 */
export function simcom(options: SimcomDriverOptions = {}): ModemDriver {
  const settings = validate(driverOptionsSchema, options, 'simcom() options');
  return {
    vendor: 'simcom',
    matches(identity: ModemIdentity): boolean {
      return (IDENTITY.manufacturer.test(identity.manufacturer) && IDENTITY.model.test(identity.model)) || cftpsProfileOf(identity) !== undefined;
    },
    async attach(engine: AtEngine, identity: ModemIdentity): Promise<VendorModem> {
      // The AT+CFTPS* families share nothing with the SIM70x0's AT+FTP* but the vendor: their own dialect.
      const profile = identity ? cftpsProfileOf(identity) : undefined;
      const modem = profile
        ? new CftpsModem(engine, profile, { ca: settings.ca, caName: settings.caName, sslContext: settings.sslContext ?? 1 })
        : new SimcomModem(engine, settings);
      await modem.prepare();
      return modem;
    },
  };
}

class SimcomModem implements VendorModem {
  readonly #memory = new ModuleMemory();
  readonly #losses: LossWatch;

  constructor(
    private readonly engine: AtEngine,
    private readonly settings: SimcomDriverOptions,
  ) {
    this.#losses = new LossWatch(engine.urc$, LOSSES);
    this.#losses.onLoss((loss) => {
      if (loss.restart) this.#memory.forget();
      this.#losses.contextId = undefined;
    });
  }

  async prepare(signal?: AbortSignal): Promise<void> {
    await this.engine.run(CMEE, signal ? { signal } : {});
  }

  async connect(options: ConnectOptions): Promise<void> {
    this.#losses.contextId = await connectBearer(this.engine, options);
  }

  async openFtp(options: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
    // Everything checkable is checked before the first byte is written.
    validate(simcomFtpSchema, options, 'FTP options');
    const download = DOWNLOADS.order(options.downloadStrategy, 'downloadStrategy');
    const upload = UPLOADS.order(options.uploadStrategy, 'uploadStrategy');
    if (options.useControlAddressForData) throw new FtpError('UNSUPPORTED', 'useControlAddressForData: SIMCom modules have no such setting');
    if (options.secure !== false && !options.dangerouslyAcceptAnyCertificate && !this.settings.ca && !this.settings.caName) {
      throw new FtpError('INVALID_ARGUMENT', 'FTPS on SIMCom verifies the server only against a CA on the module: pass simcom({ ca }) or simcom({ caName }), or set dangerouslyAcceptAnyCertificate');
    }
    const cid = await activeContext(this.engine, this.#losses.contextId, signal);
    this.#losses.contextId = cid;
    const session = new SessionState(this.#losses);
    const runner = new OperationRunner({ engine: this.engine, rules: { codes: SIMCOM_CODES, busy: busyRule(options.timeoutMs) }, session, timeoutMs: options.timeoutMs });
    const link = new SimcomLink(runner, this.#memory);
    // A session left running (an earlier program, a timeout) would make every operation earn 66.
    await runner.waitIdle(signal, 0);
    for (const [name, value, secret] of sessionParams(cid, options)) await link.set(name, value, secret);
    await configureTls(link, options, { ...this.settings, sslContext: this.settings.sslContext ?? 1 });
    // No login command exists: a listing of "/" proves host, credentials and TLS without side effects.
    await link.set('FTPGETPATH', '/');
    await pull(link, 'FTPLIST', () => undefined, { what: 'listing of /', signal, moved: () => 0 });
    return new SimcomFtpOps(link, { download, upload });
  }
}
