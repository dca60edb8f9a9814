import {
  FtpError,
  urcFields,
  type AtEngine,
  type ConnectOptions,
  type FtpOps,
  type ModemDriver,
  type ModemIdentity,
  type ResolvedFtpOptions,
  type VendorModem,
} from '@cellftp/core';
import { commands } from './commands.js';
import { DEFAULT_CHUNKS } from './flows/chunking.js';
import { hostWaitMs, openSession } from './flows/open.js';
import { runPlain, type Link } from './flows/runner.js';
import { QuectelFtpOps, STRATEGIES, type QuectelStrategy } from './session.js';

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

/** Quectel LTE-Standard modules that speak the AN's `AT+QFTP*` dialect (VENDOR-FACTS §B.8). */
const MODELS = /^(EC2[015]|EG9[15]|EG2[15]|EM05)/i;

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
  return {
    vendor: 'quectel',
    matches: (id: ModemIdentity) =>
      (/quectel/i.test(id.manufacturer) || /^quectel$/i.test(id.ati[0] ?? '')) && MODELS.test(id.model || (id.ati[1] ?? '')),
    attach: (engine: AtEngine) => attach(engine, options, sslContextId),
  };
}

async function attach(engine: AtEngine, options: QuectelDriverOptions, sslContextId: number): Promise<VendorModem> {
  const prepare = async (signal?: AbortSignal): Promise<void> => {
    const opts = signal ? { signal } : {};
    // Numeric +CME ERROR: the 6xx codes of AN chapter 5 arrive this way.
    await engine.run({ text: commands.cmee, timeoutMs: 2000 }, opts);
    if (options.urcPort) await engine.run({ text: commands.urcPort(options.urcPort), timeoutMs: 2000 }, opts).catch(() => undefined);
  };
  await prepare();
  let contextId = 1;
  return {
    prepare,
    async connect(connect: ConnectOptions) {
      contextId = await activateContext(engine, connect);
    },
    async openFtp(ftp: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps> {
      const download = strategy(ftp.downloadStrategy, 'downloadStrategy');
      const upload = strategy(ftp.uploadStrategy, 'uploadStrategy');
      const link: Link = { engine, opTimeoutMs: hostWaitMs(ftp.timeoutMs), closed: true };
      await openSession(link, ftp, { contextId, sslContextId, caCert: options.caCert }, signal);
      watchLoss(engine, link, contextId);
      return new QuectelFtpOps(link, {
        download,
        upload,
        downloadRangeBytes: options.downloadChunkBytes,
        uploadChunks: { ...DEFAULT_CHUNKS, fixed: options.uploadChunkBytes },
      });
    },
  };
}

/**
 * A restart (`RDY`) or a deactivated PDP context (`+QIURC: "pdpdeact",<id>`,
 * TCP/IP AN) ends the module's FTP session without an FTP error of its own:
 * remember why, so the session reports itself closed and the failing
 * operation says MODEM / NETWORK instead of a misleading 625 "not logged in".
 */
function watchLoss(engine: AtEngine, link: Link, contextId: number): void {
  const subscription = engine.urc$.subscribe((line) => {
    const pdp = /^\+QIURC: ?"pdpdeact",(\d+)/.exec(line);
    if (line === 'RDY') link.lost = { code: 'MODEM', reason: 'the module restarted (RDY)' };
    else if (pdp && Number(pdp[1]) === contextId) link.lost = { code: 'NETWORK', reason: `PDP context ${contextId} was deactivated` };
    else return;
    link.closed = true;
    subscription.unsubscribe();
  });
  link.unwatch = () => subscription.unsubscribe();
}

function strategy(value: string | undefined, what: string): QuectelStrategy {
  if (value === undefined) return 'com';
  if ((STRATEGIES as readonly string[]).includes(value)) return value as QuectelStrategy;
  throw new FtpError('INVALID_ARGUMENT', `invalid FTP options: ${what} must be one of ${STRATEGIES.join(', ')}`);
}

/** Active contexts from `AT+QIACT?`: `+QIACT: <id>,<state>,<type>,"<ip>"`, none at all when idle (VENDOR-FACTS §B.6). */
async function activeContexts(engine: AtEngine, signal?: AbortSignal): Promise<Set<number>> {
  const res = await runPlain({ engine }, { text: commands.qiactQuery, claims: ['+QIACT:'], timeoutMs: 5000 }, signal);
  const active = new Set<number>();
  for (const line of res.lines) {
    const [id, state] = urcFields(line);
    if (state === '1') active.add(Number(id));
  }
  return active;
}

/**
 * TCP(IP) AN via VENDOR-FACTS §B.6: reuse an active context, else
 * `AT+QICSGP` then `AT+QIACT` (up to 150 s), then check with `AT+QIACT?`.
 */
async function activateContext(engine: AtEngine, options: ConnectOptions): Promise<number> {
  const id = options.contextId ?? 1;
  if (!Number.isInteger(id) || id < 1 || id > 16) throw new FtpError('INVALID_ARGUMENT', 'invalid connect options: Quectel contextId must be 1–16');
  const signal = options.signal;
  if ((await activeContexts(engine, signal)).has(id)) return id;
  const user = options.user ?? '';
  const password = options.password ?? '';
  engine.secrets.addUser(options.user);
  engine.secrets.add(options.password);
  // Authentication 3 = PAP or CHAP when credentials are given, 0 = none.
  const auth = user || password ? 3 : 0;
  await runPlain(
    { engine },
    { text: commands.qicsgp(id, options.apn, user, password, auth), timeoutMs: 5000, secrets: [options.user, options.password] },
    signal,
  );
  await runPlain({ engine }, { text: commands.qiact(id), timeoutMs: options.timeoutMs ?? 150_000 }, signal);
  if (!(await activeContexts(engine, signal)).has(id)) {
    throw new FtpError('NETWORK', `AT+QIACT=${id} answered OK but AT+QIACT? does not list context ${id} as active`);
  }
  return id;
}
