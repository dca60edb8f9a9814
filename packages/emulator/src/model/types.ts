/**
 * The contract between a virtual modem's dialect (EC25, SIM7080G) and the link
 * that carries its bytes (memory, pty, tcp). A model never knows which link it
 * runs on; a link never knows which dialect it carries.
 */

/** What a link gives a model. */
export interface ModemIo {
  /** Sends bytes to the host. The link paces them at the configured line rate. */
  send(bytes: Uint8Array | string): void;
  /**
   * Resolves once everything sent so far has left the (paced) line, or, with
   * `keep` > 0, once at most `keep` bytes still wait for it (a data phase refills
   * the line at that mark so it never goes idle). An unpaced link ignores `keep`.
   */
  flushed(keep?: number): Promise<void>;
}

/** What a model gives a link. */
export interface VirtualModemModel {
  /** Bytes the host wrote, in order, as the link received them. */
  receive(chunk: Uint8Array): void;
  /** Emits the model's start-up output (e.g. `RDY`). */
  start(): void;
  /** Stops timers and FTP connections behind the model. */
  close(): Promise<void>;
}

/** What every model is created with. */
export interface ModelOptions {
  /** Delay before the modem answers each command, in ms (0 = immediate). */
  latencyMs: number;
  /** Injected faults; mutable at run time through `VirtualModem.faults`. */
  faults: import('../faults.js').FaultPlan;
  /**
   * Extra trust for the FTP/FTPS backend (e.g. a test's self-signed CA), since a
   * real module would have had the CA uploaded with QSSLCFG / CSSLCFG.
   */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
  /**
   * Durations of field-reported behaviours, shortened by tests:
   * `asyncCloseMs` — how long a logout takes before its URC (Quectel: other FTP commands answer 603 meanwhile);
   * `busyAfterDataFailureMs` — how long FTP commands answer busy after a failed data connection.
   */
  timing?: { asyncCloseMs?: number; busyAfterDataFailureMs?: number };
}
