import type { AtEngine, AtEngineOptions } from '../engine/at-engine.js';
import type { FtpOps } from '../session/ftp-ops.js';
import type { FtpSession } from '../session/types.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { ByteTransport } from '../transport/types.js';
import type { FtpOptions } from '../validate/ftp-url.js';
import type { ResolvedFtpOptions } from '../validate/options.js';

/** What the module said about itself during detection. */
export interface ModemIdentity {
  /** `ATI` lines (Quectel: `Quectel`, `EC25`, `Revision: …`; SIMCom: e.g. `R1951.01`). */
  readonly ati: readonly string[];
  /** `AT+CGMI`, e.g. `Quectel`, `SIMCOM_Ltd`, `SIMCOM INCORPORATED`. */
  readonly manufacturer: string;
  /** `AT+CGMM`, e.g. `EC25`, `SIMCOM_SIM7080`. */
  readonly model: string;
  /** `AT+CGMR` with any `Revision:` prefix removed. */
  readonly revision: string;
}

/** `modem.info`. */
export interface ModemInfo {
  readonly vendor: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly revision: string;
}

/** Options of `modem.connect()`: the PDP context / bearer. */
export interface ConnectOptions {
  apn: string;
  user?: string;
  password?: string;
  /** Quectel contextID (1–16, default 1) or SIMCom pdpidx (0–3, default 0). */
  contextId?: number;
  /** Activation timeout; default 150 000 ms (Quectel: QIACT may take up to 150 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A driver's handle on one attached module. */
export interface VendorModem {
  /** Configures and activates the data context, reusing an active one. */
  connect(options: ConnectOptions): Promise<void>;
  /** Opens an FTP session with validated options; fails like the server did (wrong password → AUTH_FAILED). */
  openFtp(options: ResolvedFtpOptions, signal?: AbortSignal): Promise<FtpOps>;
  /**
   * Re-applies the settings a module restart loses (numeric errors, URC
   * routing). After a restart (`RDY`) or a power-down line, `openModem` waits
   * for the module if needed, turns echo off again and calls this before the
   * next `connect()` or `ftp()`.
   */
  prepare?(signal?: AbortSignal): Promise<void>;
}

/**
 * A vendor driver, e.g. `quectel()` or `simcom()`. Mostly data: which modules
 * it claims, how it prepares them, which FTP flows it runs.
 */
export interface ModemDriver {
  /** `'quectel'`, `'simcom'`, … */
  readonly vendor: string;
  /** True when this driver handles the identified module. */
  matches(identity: ModemIdentity): boolean;
  /** Prepares the module (echo off, numeric errors, URC routing) and returns its handle. */
  attach(engine: AtEngine, identity: ModemIdentity): Promise<VendorModem>;
}

/** Options of {@link openModem}. */
export interface OpenModemOptions {
  /** A serial device or pty path; or give `transport`. */
  path?: string;
  /** Any byte stream (TCP, in-memory virtual modem, …). */
  transport?: ByteTransport;
  /** Default 115200. */
  baudRate?: number;
  /** Hardware flow control; default false. */
  rtscts?: boolean;
  /** Drivers to choose from, first match wins. */
  drivers: readonly ModemDriver[];
  /**
   * How long a module that is still booting is waited for, in ms: after
   * power-on a module is silent for seconds before `RDY` (about 3 s for a BG96
   * after a reset, more than 10 s reported for EC2x on a UART). Default 20 000.
   * Also used after a power-down line, before the next `connect()`/`ftp()`.
   */
  readyTimeoutMs?: number;
  /** Skip detection and use this vendor's driver. */
  vendor?: string;
  /** Receives every byte and line in and out, secrets redacted. */
  trace?: (event: TraceEvent) => void;
  /** Engine tuning (scheduler, default timeout). */
  engine?: AtEngineOptions;
  signal?: AbortSignal;
}

/** An opened, identified modem. */
export interface Modem {
  readonly info: ModemInfo;
  /** The AT engine, for advanced use (raw commands, URCs, trace). */
  readonly engine: AtEngine;
  connect(options: ConnectOptions): Promise<void>;
  /**
   * Logs in and returns the FTP session. A module holds one FTP session at a
   * time, so a new one takes it over: the previous session of this modem
   * becomes `closed` and its later calls reject with `CLOSED`. While that
   * session is still running an operation, this call rejects with `BUSY`.
   */
  ftp(options: FtpOptions): Promise<FtpSession>;
  /** Releases the port. Always resolves. */
  close(): Promise<void>;
}
