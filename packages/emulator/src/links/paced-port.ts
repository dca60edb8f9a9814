import type { ModemIo } from '../model/types.js';
import type { LinkEndpoint, ModemLink } from './types.js';
import type { Clock } from './clock.js';
import { LinePacer } from './pacer.js';

/** The two paced directions of one line, independent of how the bytes travel. */
export interface PacedPort {
  /** The modem side's output. */
  readonly io: ModemIo;
  /** Feed host bytes in; they reach `deliver` at line rate. */
  input(chunk: Uint8Array): void;
  close(): void;
}

/**
 * Wraps a raw byte sender (and a host-bytes receiver) with line-rate pacing in
 * each direction when `baudRate` is set, or passes bytes straight through.
 */
export function createPacedPort(
  rawSend: (bytes: Uint8Array) => Promise<void> | void,
  deliver: (chunk: Uint8Array) => void,
  baudRate?: number,
  clock?: Clock,
): PacedPort {
  const encode = (bytes: Uint8Array | string): Uint8Array => (typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  let pending: Promise<unknown> = Promise.resolve();
  const send = (bytes: Uint8Array): void => {
    pending = Promise.resolve(rawSend(bytes)).catch(() => undefined);
  };
  if (baudRate === undefined) {
    return {
      io: { send: (b) => send(encode(b)), flushed: () => pending.then(() => undefined) },
      input: deliver,
      close: () => undefined,
    };
  }
  const out = new LinePacer(baudRate, send, clock);
  const inbound = new LinePacer(baudRate, deliver, clock);
  return {
    io: {
      send: (b) => out.push(encode(b)),
      // keep > 0: the caller refills the line before it runs dry, so only the pacer's queue matters.
      flushed: (keep = 0) => (keep > 0 ? out.idle(keep) : out.idle().then(() => pending).then(() => undefined)),
    },
    input: (chunk) => inbound.push(chunk),
    close: () => {
      out.close();
      inbound.close();
    },
  };
}

/**
 * Builds a {@link ModemLink} around a raw sender. Returns the link and the
 * function the transport calls with each chunk the host wrote.
 */
export function buildLink(
  endpoint: LinkEndpoint,
  rawSend: (bytes: Uint8Array) => Promise<void> | void,
  closeRaw: () => Promise<void>,
  baudRate?: number,
): { link: ModemLink; input: (chunk: Uint8Array) => void } {
  const handlers = { bytes: (_chunk: Uint8Array): void => undefined, connected: (): void => undefined };
  const port = createPacedPort(rawSend, (c) => handlers.bytes(c), baudRate);
  const link: ModemLink = {
    ...endpoint,
    io: port.io,
    set onHostBytes(fn: (chunk: Uint8Array) => void) {
      handlers.bytes = fn;
    },
    get onHostBytes() {
      return handlers.bytes;
    },
    set onHostConnected(fn: () => void) {
      handlers.connected = fn;
    },
    get onHostConnected() {
      return handlers.connected;
    },
    close: async () => {
      port.close();
      await closeRaw();
    },
  };
  return { link, input: (chunk) => port.input(chunk) };
}
