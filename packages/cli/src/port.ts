import { usageError } from './exit-codes.js';

/** Where `--port` points: a serial device (or pty), or a serial line exposed over TCP. */
export type PortTarget = { kind: 'serial'; path: string } | { kind: 'tcp'; host: string; port: number };

/** `tcp://host:port`, or a bare `host:port` (which no device path looks like: those start with / or name COMn). */
const TCP_URL = /^tcp:\/\/(\[[^\]]+\]|[^/:]+):(\d+)\/?$/i;
const BARE_HOST_PORT = /^(\[[^\]]+\]|[A-Za-z0-9.-]+):(\d+)$/;

/**
 * Parses `--port`. `tcp://127.0.0.1:7000` and `127.0.0.1:7000` open a TCP
 * transport (ser2net-style remote serial ports, `cellftp emulate --link tcp`);
 * anything else is a device path.
 *
 * @example
 * parsePort('tcp://127.0.0.1:7000'); // { kind: 'tcp', host: '127.0.0.1', port: 7000 }
 * parsePort('/dev/ttyUSB2');         // { kind: 'serial', path: '/dev/ttyUSB2' }
 */
export function parsePort(text: string): PortTarget {
  const m = TCP_URL.exec(text) ?? BARE_HOST_PORT.exec(text);
  if (!m) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw usageError(`--port "${text}": only tcp://host:port URLs are understood, or a device path`);
    return { kind: 'serial', path: text };
  }
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`--port "${text}": TCP port must be 1–65535`);
  return { kind: 'tcp', host: (m[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
}

/** How a port is named in messages. */
export function describePort(target: PortTarget): string {
  return target.kind === 'serial' ? target.path : `tcp://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}
