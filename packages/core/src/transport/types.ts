import type { Observable } from 'rxjs';

/**
 * The smallest thing the AT engine needs from a serial line: bytes in, bytes out.
 *
 * Implementations exist for `serialport`, any Node `Duplex`, TCP (ser2net-style
 * remote serial ports) and an in-memory pair for tests. Everything above this
 * interface is byte-exact and vendor-neutral.
 */
export interface ByteTransport {
  /** Every chunk received from the modem, in order. Completes when the line closes. */
  readonly data$: Observable<Uint8Array>;
  /** Writes bytes; resolves once the transport has accepted (drained) them. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Stops delivering `data$` chunks until {@link ByteTransport.resume} is called.
   * Used for backpressure while a slow destination absorbs a transparent stream.
   */
  pause(): void;
  /** Resumes delivery after {@link ByteTransport.pause}. */
  resume(): void;
  /** Closes the line and releases the underlying device. Idempotent. */
  close(): Promise<void>;
  /** True once closed (by either side). */
  readonly closed: boolean;
  /** A short human description, e.g. `serial:/dev/ttyUSB2@115200`. */
  readonly description: string;
}
