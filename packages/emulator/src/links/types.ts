import type { ByteTransport } from '@cellftp/core';
import type { ModemIo } from '../model/types.js';

/** What the host gets from a link: one of a device path, a TCP port or an in-memory transport. */
export interface LinkEndpoint {
  /** pty: the host's device path (open it with serialport). */
  path?: string;
  /** tcp: the loopback port the host connects to. */
  port?: number;
  /** memory: the host end of the line. */
  transport?: ByteTransport;
}

/** A running link between a host and one virtual modem. */
export interface ModemLink extends LinkEndpoint {
  /** The modem side: what the model writes to. */
  readonly io: ModemIo;
  /** Where the link delivers (paced) host bytes; set by whoever attaches a model. */
  onHostBytes: (chunk: Uint8Array) => void;
  /** Called when a host appears (at once for memory/pty; on connect for tcp). */
  onHostConnected: () => void;
  close(): Promise<void>;
}

/** Line options shared by every link. */
export interface LinkOptions {
  /** When set, both directions are paced at `baudRate / 10` bytes per second. */
  baudRate?: number;
}
