/**
 * The contract between a virtual modem's dialect (EC25, SIM7080G) and the link
 * that carries its bytes (memory, pty, tcp). A model never knows which link it
 * runs on; a link never knows which dialect it carries.
 */

/** What a link gives a model. */
export interface ModemIo {
  /** Sends bytes to the host. The link paces them at the configured line rate. */
  send(bytes: Uint8Array | string): void;
  /** Resolves once everything sent so far has left the (paced) line. */
  flushed(): Promise<void>;
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
