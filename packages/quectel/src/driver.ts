import type { z } from 'zod';
import {
  FirmwareMemory,
  LossWatch,
  OperationRunner,
  SessionState,
  validate,
  type AtEngine,
  type FtpOps,
  type ModemDriver,
  type ModemIdentity,
  type ResolvedFtpOptions,
  type VendorModem,
} from '@cellftp/core';
import { commands } from './commands.js';
import { activateContext } from './flows/bearer.js';
import { DEFAULT_CA_FILE, ModuleCa } from './flows/module-ca.js';
import { QuectelFtpOps } from './flows/ftp-ops.js';
import { openSession } from './flows/open.js';
import { EC2X, profileOf } from './profiles.js';
import { DRIVER_OPTIONS, hostWaitMs, identifies, LOSSES, quectelRules, TIMINGS } from './vendor.js';

/** Options of {@link quectel}. */
export interface QuectelDriverOptions {
  /**
   * Where the module sends URCs (`AT+QURCCFG="urcport"`): the port the host
   * uses. Omitted: left as the module has it (factory default `usbat`, the
   * USB AT port). Set `'uart1'` when the host is on the main UART. A module
   * without `AT+QURCCFG` is tolerated.
   */
  urcPort?: 'usbat' | 'usbmodem' | 'uart1';
  /** SSL context for FTPS, 0–5; default 1 (AN §3.2 example). */
  sslContextId?: number;
  /**
   * CA certificate already stored on the module (e.g. `'UFS:cacert.pem'` on EC2x, `'cacert.pem'` on BG9x:
   * plain UFS names), for verified FTPS. With {@link QuectelDriverOptions.ca}: the name it is stored under.
   */
  caCert?: string;
  /**
   * A local CA certificate (PEM text or bytes) that signed the server's: written to the module's UFS
   * (`AT+QFUPL`, default name `cellftp_ca.pem`) before the first FTPS login of this attach and named in
   * `AT+QSSLCFG="cacert"`.
   */
  ca?: string | Uint8Array;
  /**
   * Bytes per ranged `QFTPGET`; default 16 MiB. Long ranges waste fewer
   * cellular bytes (each range's data connection is cut with up to a TCP
   * window in flight); an abort mid-range escapes with `+++` either way.
   */
  downloadChunkBytes?: number;
  /** Fixed bytes per `QFTPPUT` packet; default adapts to about three seconds of line time. */
  uploadChunkBytes?: number;
}

/**
 * The Quectel EC2x / EG9x / EG2x-G / EM05 and BG96 / BG95 / BG77 driver for
 * {@link openModem}. The family is recognised from identification and its
 * profile (storage names, listing commands, staging strategies, PDP rules) applied.
 *
 * @example
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [quectel()] });
 * await modem.connect({ apn: 'internet' });
 * const ftp = await modem.ftp({ url: 'ftp://user:pass@ftp.example.com/' });
 * await ftp.downloadTo('fw.bin', 'fw.bin');
 */
export function quectel(options: QuectelDriverOptions = {}): ModemDriver {
  const valid = validate(DRIVER_OPTIONS, options, 'quectel() options');
  return { vendor: 'quectel', matches: identifies, attach: (engine: AtEngine, identity: ModemIdentity) => attach(engine, valid, identity) };
}

async function attach(engine: AtEngine, options: z.output<typeof DRIVER_OPTIONS>, identity: ModemIdentity): Promise<VendorModem> {
  // openModem attaches only after matches(); the EC2x table is the fallback for a direct call.
  const profile = profileOf(identity) ?? EC2X;
  const losses = new LossWatch(engine.urc$, LOSSES);
  losses.contextId = 1;
  const firmware = new FirmwareMemory();
  const moduleCa = options.ca === undefined ? undefined : new ModuleCa(options.ca, options.caCert ?? profile.moduleFile('UFS', DEFAULT_CA_FILE));
  const runner = (timeoutMs: number): OperationRunner =>
    new OperationRunner({ engine, rules: quectelRules(timeoutMs), session: new SessionState(losses), timeoutMs });
  const prepare = async (signal?: AbortSignal): Promise<void> => {
    const opts = signal ? { signal } : {};
    // Numeric +CME ERROR: the 6xx codes of AN chapter 5 arrive this way.
    await engine.run({ text: commands.cmee, timeoutMs: TIMINGS.localMs }, opts);
    if (options.urcPort) await engine.run({ text: commands.urcPort(options.urcPort), timeoutMs: TIMINGS.localMs }, opts).catch(() => undefined);
  };
  await prepare();
  return {
    prepare,
    async connect(connect) {
      losses.contextId = await activateContext(runner(TIMINGS.fileMs), connect, profile);
    },
    async openFtp(ftp: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
      const download = profile.strategies.order(ftp.downloadStrategy, 'downloadStrategy');
      const upload = profile.strategies.order(ftp.uploadStrategy, 'uploadStrategy');
      const session = runner(hostWaitMs(ftp.timeoutMs));
      const verifying = ftp.secure !== false && !ftp.dangerouslyAcceptAnyCertificate;
      const caCert = moduleCa && verifying ? await moduleCa.ensure(session, signal) : options.caCert;
      await openSession(session, ftp, { contextId: losses.contextId ?? 1, sslContextId: options.sslContextId, caCert, sni: profile.sni }, signal);
      return new QuectelFtpOps(session, {
        download,
        upload,
        downloadRangeBytes: options.downloadChunkBytes,
        uploadChunks: { ...TIMINGS.uploadChunks, fixed: options.uploadChunkBytes },
        firmware,
        profile,
      });
    },
  };
}
