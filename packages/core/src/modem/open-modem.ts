import { AtEngine } from '../engine/at-engine.js';
import { FtpError } from '../errors/ftp-error.js';
import { FtpSessionImpl } from '../session/ftp-session-impl.js';
import type { FtpOps } from '../session/ftp-ops.js';
import type { FtpSession } from '../session/types.js';
import { openSerialTransport } from '../transport/serial.js';
import type { ByteTransport } from '../transport/types.js';
import { resolveFtpOptions, type FtpOptions } from '../validate/ftp-url.js';
import { connectOptionsSchema, ftpOptionsSchema } from '../validate/options.js';
import { validate } from '../validate/validate.js';
import { identify } from './detect/identify.js';
import { DEFAULT_READY_TIMEOUT_MS, synchronise } from './detect/synchronise.js';
import { RestartWatch } from './restart-watch.js';
import type { ConnectOptions, Modem, ModemDriver, ModemIdentity, OpenModemOptions } from './types.js';

/** Why a session ended when a newer one took its module over. */
const REPLACED = 'the FTP session was replaced: a newer modem.ftp() took the module over (a module holds one session at a time)';

/**
 * Opens a serial port (or any transport), synchronises with the module,
 * identifies it and hands it to the first driver that claims it.
 *
 * @example
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [quectel(), simcom()] });
 * await modem.connect({ apn: 'internet' });
 * const ftp = await modem.ftp({ url: 'ftp://user:pass@ftp.example.com/' });
 */
export async function openModem(options: OpenModemOptions): Promise<Modem> {
  if (options.drivers.length === 0) throw new FtpError('INVALID_ARGUMENT', 'openModem: no drivers given');
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  if (!Number.isFinite(readyTimeoutMs) || readyTimeoutMs < 0) {
    throw new FtpError('INVALID_ARGUMENT', 'openModem: readyTimeoutMs must be a number of milliseconds ≥ 0');
  }
  const transport = await openTransport(options);
  const engine = new AtEngine(transport, options.engine);
  const traceSub = options.trace ? engine.trace$.subscribe(options.trace) : undefined;
  let restarts: RestartWatch | undefined;
  try {
    await synchronise(engine, { readyTimeoutMs, signal: options.signal, received$: transport.data$, context: 'openModem' });
    // From the first answer on: a restart during identification or set-up undoes them as well.
    restarts = new RestartWatch(engine.urc$);
    const identity = await identify(engine, options.signal);
    const driver = pickDriver(options, identity);
    const vendor = await driver.attach(engine, identity);
    const watch = restarts;
    const reprepare = async (signal?: AbortSignal): Promise<void> => {
      const need = watch.take();
      if (need === 'nothing') return;
      try {
        if (need === 'wait-then-prepare') {
          await synchronise(engine, { readyTimeoutMs, signal, received$: transport.data$, context: 'after the module powered down' });
        }
        await engine.run({ text: 'ATE0', timeoutMs: 2000 }, signal ? { signal } : {});
        await vendor.prepare?.(signal);
      } catch (error) {
        // Not prepared yet: the next connect()/ftp() tries again.
        watch.restore(need);
        throw error;
      }
    };
    let current: FtpSessionImpl | 'opening' | undefined;
    const info = {
      vendor: driver.vendor,
      manufacturer: identity.manufacturer,
      model: identity.model,
      revision: identity.revision,
    };
    return {
      info,
      engine,
      // async: bad options reject like every other failure instead of throwing synchronously.
      async connect(connect: ConnectOptions) {
        const valid = validate(connectOptionsSchema, { ...connect, signal: undefined }, 'connect options');
        engine.secrets.addUser(valid.user);
        engine.secrets.add(valid.password);
        await reprepare(connect.signal);
        return vendor.connect({ ...valid, ...(connect.signal ? { signal: connect.signal } : {}) });
      },
      async ftp(ftpOptions: FtpOptions): Promise<FtpSession> {
        const resolved = validate(ftpOptionsSchema, resolveFtpOptions(ftpOptions), 'FTP options');
        // Quectel modules hold one FTP login and SIMCom ones one set of FTP parameters: a new session
        // takes the module over, so the previous one must end rather than reach the new server unseen.
        // One that is still working is not taken over.
        if (current === 'opening' || current?.busy) {
          throw new FtpError('BUSY', "this modem's FTP session is still working (a module holds one at a time): wait for it or close it first");
        }
        const previous = current;
        current = 'opening';
        const open = async (): Promise<FtpOps> => {
          engine.secrets.addUser(resolved.user);
          engine.secrets.add(resolved.password);
          await reprepare();
          return vendor.openFtp(resolved);
        };
        try {
          // Under the previous session's lock: its calls made meanwhile wait, then find it replaced.
          const ops = previous ? await previous.exclusive(open) : await open();
          previous?.retire(REPLACED);
          current = new FtpSessionImpl(ops, engine.scheduler);
          return current;
        } catch (error) {
          // Options a driver refuses are refused before anything is written: the previous session is intact.
          const untouched = error instanceof FtpError && (error.code === 'INVALID_ARGUMENT' || error.code === 'UNSUPPORTED');
          if (!untouched) previous?.retire(REPLACED);
          current = previous;
          throw error;
        }
      },
      async close() {
        watch.dispose();
        traceSub?.unsubscribe();
        await engine.close().catch(() => undefined);
      },
    };
  } catch (error) {
    restarts?.dispose();
    traceSub?.unsubscribe();
    await engine.close().catch(() => undefined);
    throw error;
  }
}

async function openTransport(options: OpenModemOptions): Promise<ByteTransport> {
  if (options.transport) return options.transport;
  if (!options.path) throw new FtpError('INVALID_ARGUMENT', 'openModem: give a path or a transport');
  try {
    return await openSerialTransport({ path: options.path, baudRate: options.baudRate ?? 115200, rtscts: options.rtscts ?? false });
  } catch (error) {
    throw new FtpError('MODEM', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function pickDriver(options: OpenModemOptions, identity: ModemIdentity): ModemDriver {
  if (options.vendor) {
    const named = options.drivers.find((d) => d.vendor === options.vendor);
    if (!named) throw new FtpError('INVALID_ARGUMENT', `openModem: no driver for vendor "${options.vendor}" was given`);
    return named;
  }
  const found = options.drivers.find((d) => d.matches(identity));
  if (found) return found;
  throw new FtpError(
    'UNSUPPORTED',
    `no driver recognises this module: AT+CGMI "${identity.manufacturer}", AT+CGMM "${identity.model}", ` +
      `AT+CGMR "${identity.revision}", ATI ${JSON.stringify(identity.ati)}`,
  );
}
