import net from 'node:net';
import { buildLink } from './paced-port.js';
import type { LinkOptions, ModemLink } from './types.js';

/** Options for {@link openTcpLink}. */
export interface TcpLinkOptions extends LinkOptions {
  /** Loopback port to listen on; 0 (default) picks a free one. */
  port?: number;
}

/**
 * A ser2net-style raw TCP line on 127.0.0.1: one host at a time; a second
 * connection replaces the first, like a console server taking over a port.
 */
export async function openTcpLink(options: TcpLinkOptions = {}): Promise<ModemLink> {
  let current: net.Socket | undefined;
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { link, input } = buildLink(
    { port },
    (bytes) => {
      if (current && !current.destroyed) current.write(bytes);
    },
    async () => {
      current?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    options.baudRate,
  );
  server.on('connection', (socket) => {
    current?.destroy();
    current = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => input(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (current === socket) current = undefined;
    });
    link.onHostConnected();
  });
  return link;
}
