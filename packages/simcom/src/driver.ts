import {
  FtpError,
  validate,
  type AtEngine,
  type ConnectOptions,
  type FtpOps,
  type ModemDriver,
  type ModemIdentity,
  type ResolvedFtpOptions,
  type VendorModem,
} from '@cellftp/core';
import { activeContexts, connectBearer } from './bearer.js';
import { FtpRunner } from './session/runner.js';
import { ModuleState } from './session/module-state.js';
import { SimcomFtpOps } from './session/simcom-ftp-ops.js';
import { pullSession } from './flows/pull.js';
import { configureTls } from './tls.js';
import {
  DOWNLOAD_STRATEGIES,
  driverOptionsSchema,
  simcomFtpSchema,
  UPLOAD_STRATEGIES,
  type SimcomDownloadStrategy,
  type SimcomUploadStrategy,
} from './validate.js';

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

/** `SIMCOM_Ltd`, `SIMCOM INCORPORATED` … with a SIM7070/7080/7090 model (VENDOR-FACTS A.8). */
const MANUFACTURER = /SIMCOM/i;
const MODEL = /SIM70[789]0/i;

/**
 * The driver for SIMCom SIM7070 / SIM7080 / SIM7090 modules.
 *
 * Recognises the module by `AT+CGMI` / `AT+CGMM` (not `ATI`, which prints only a
 * revision on SIM7080, VENDOR-FACTS A.8). Strategies: downloads `etget`
 * (default, measured best), `extget`, `chunked`; uploads `etput` (default),
 * `extput`, `chunked`, chosen per session with `downloadStrategy` / `uploadStrategy`.
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
      return MANUFACTURER.test(identity.manufacturer) && MODEL.test(identity.model);
    },
    async attach(engine: AtEngine): Promise<VendorModem> {
      const modem = new SimcomModem(engine, settings);
      await modem.prepare();
      return modem;
    },
  };
}

class SimcomModem implements VendorModem {
  readonly #state: ModuleState;

  constructor(
    private readonly engine: AtEngine,
    private readonly settings: SimcomDriverOptions,
  ) {
    this.#state = new ModuleState(engine);
  }

  async prepare(signal?: AbortSignal): Promise<void> {
    // Numeric +CME ERROR codes end up in FtpError.vendorCode.
    await this.engine.run({ text: 'AT+CMEE=1', timeoutMs: 2000 }, signal ? { signal } : {});
  }

  connect(options: ConnectOptions): Promise<void> {
    return connectBearer(this.engine, this.#state, options);
  }

  async openFtp(options: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
    // Everything checkable is checked before the first byte is written.
    const valid = validate(simcomFtpSchema, options, 'FTP options');
    if (options.useControlAddressForData) {
      throw new FtpError('UNSUPPORTED', 'useControlAddressForData: SIMCom modules have no such setting');
    }
    if (options.secure !== false && !options.dangerouslyAcceptAnyCertificate && !this.settings.ca && !this.settings.caName) {
      throw new FtpError(
        'INVALID_ARGUMENT',
        'FTPS on SIMCom verifies the server only against a CA on the module: pass simcom({ ca }) or simcom({ caName }), or set dangerouslyAcceptAnyCertificate',
      );
    }
    const download = order<SimcomDownloadStrategy>(DOWNLOAD_STRATEGIES, valid.downloadStrategy);
    const upload = order<SimcomUploadStrategy>(UPLOAD_STRATEGIES, valid.uploadStrategy);
    const runner = new FtpRunner(this.engine, this.#state, options.timeoutMs);
    const cid = await this.#bearer(signal);
    // A session left running (an earlier program, a timeout) would make every operation earn 66.
    await runner.waitIdle(0);
    await runner.set('FTPCID', cid);
    await runner.set('FTPSERV', options.host);
    await runner.set('FTPPORT', options.port);
    await runner.set('FTPUN', options.user, true);
    await runner.set('FTPPW', options.password, true);
    await runner.set('FTPMODE', options.passive ? 1 : 0);
    // "I": ASCII type strips bit 7 (§15.2.3 note).
    await runner.set('FTPTYPE', 'I');
    await configureTls(runner, options, {
      ca: this.settings.ca,
      caName: this.settings.caName,
      sslContext: this.settings.sslContext ?? 1,
    });
    // No login command exists: a listing of "/" proves host, credentials and TLS without side effects.
    await runner.set('FTPGETPATH', '/');
    await pullSession(runner, 'FTPLIST', () => undefined, signal ? { signal } : {});
    return new SimcomFtpOps(runner, { download, upload });
  }

  /** FTPCID must name the active CNACT context (VENDOR-FACTS A.2). */
  async #bearer(signal?: AbortSignal): Promise<number> {
    const active = await activeContexts(this.engine, signal);
    const known = this.#state.activeContext;
    const cid = known !== undefined && active.includes(known) ? known : active[0];
    if (cid === undefined) {
      throw new FtpError('NETWORK', 'no active bearer: call modem.connect({ apn }) first (AT+CNACT? shows none)', { command: 'AT+CNACT?' });
    }
    this.#state.activeContext = cid;
    return cid;
  }
}

/** The strategy list with the chosen one first (capabilities list the default first). */
function order<T extends string>(all: readonly T[], chosen: T | undefined): T[] {
  return chosen === undefined ? [...all] : [chosen, ...all.filter((s) => s !== chosen)];
}
