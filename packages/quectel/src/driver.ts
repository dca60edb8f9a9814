import {
  FtpError,
  LossWatch,
  OperationRunner,
  SessionState,
  type AtEngine,
  type FtpOps,
  type ModemDriver,
  type ResolvedFtpOptions,
  type VendorModem,
} from '@cellftp/core';
import { commands } from './commands.js';
import { activateContext } from './flows/bearer.js';
import { FirmwareMemory, QuectelFtpOps } from './flows/ftp-ops.js';
import { openSession } from './flows/open.js';
import { hostWaitMs, identifies, LOSSES, quectelRules, strategies, TIMINGS } from './vendor.js';

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
  /** CA certificate already stored on the module (e.g. `'UFS:cacert.pem'`), for verified FTPS. */
  caCert?: string;
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
 * The Quectel EC2x / EG9x / EG2x-G / EM05 driver for {@link openModem}.
 *
 * @example
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [quectel()] });
 * await modem.connect({ apn: 'internet' });
 * const ftp = await modem.ftp({ url: 'ftp://user:pass@ftp.example.com/' });
 * await ftp.downloadTo('fw.bin', 'fw.bin');
 */
export function quectel(options: QuectelDriverOptions = {}): ModemDriver {
  const sslContextId = options.sslContextId ?? 1;
  if (!Number.isInteger(sslContextId) || sslContextId < 0 || sslContextId > 5) {
    throw new FtpError('INVALID_ARGUMENT', 'quectel(): sslContextId must be 0–5');
  }
  for (const [name, value] of [['downloadChunkBytes', options.downloadChunkBytes], ['uploadChunkBytes', options.uploadChunkBytes]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1 || value > 16 * 1024 * 1024)) {
      throw new FtpError('INVALID_ARGUMENT', `quectel(): ${name} must be 1–16777216`);
    }
  }
  if (options.caCert !== undefined && (/["\r\n\0;]/.test(options.caCert) || options.caCert.length > 80)) {
    throw new FtpError('INVALID_ARGUMENT', 'quectel(): caCert must be a module file name of at most 80 bytes');
  }
  return { vendor: 'quectel', matches: identifies, attach: (engine: AtEngine) => attach(engine, options, sslContextId) };
}

async function attach(engine: AtEngine, options: QuectelDriverOptions, sslContextId: number): Promise<VendorModem> {
  const losses = new LossWatch(engine.urc$, LOSSES);
  losses.contextId = 1;
  const firmware = new FirmwareMemory();
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
      losses.contextId = await activateContext(runner(TIMINGS.fileMs), connect);
    },
    async openFtp(ftp: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
      const download = strategies.order(ftp.downloadStrategy, 'downloadStrategy');
      const upload = strategies.order(ftp.uploadStrategy, 'uploadStrategy');
      const session = runner(hostWaitMs(ftp.timeoutMs));
      await openSession(session, ftp, { contextId: losses.contextId ?? 1, sslContextId, caCert: options.caCert }, signal);
      return new QuectelFtpOps(session, {
        download,
        upload,
        downloadRangeBytes: options.downloadChunkBytes,
        uploadChunks: { ...TIMINGS.uploadChunks, fixed: options.uploadChunkBytes },
        firmware,
      });
    },
  };
}
