import net from 'node:net';
import { duplexTransport } from './duplex.js';
import type { ByteTransport } from './types.js';

/** Options for {@link openTcpTransport}. */
export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Connection timeout in ms; default 10 000. */
  timeoutMs?: number;
}

/**
 * Connects to a remote serial port exposed over raw TCP (ser2net, RFC 2217
 * servers in raw mode, gateway consoles) and wraps it as a {@link ByteTransport}.
 * Nagle is disabled: AT traffic is many small writes where latency matters.
 */
export function openTcpTransport(options: TcpTransportOptions): Promise<ByteTransport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`cannot connect to ${options.host}:${options.port}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(duplexTransport(socket, `tcp:${options.host}:${options.port}`));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot connect to ${options.host}:${options.port}: ${err.message}`));
    });
  });
}
