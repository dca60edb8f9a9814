import net from 'node:net';
import type { Socket } from 'node:net';
import type { FTPContext, FTPResponse } from 'basic-ftp';
import { enterPassiveModeIPv4 } from 'basic-ftp';
import { connectForPassiveTransfer } from 'basic-ftp/dist/transfer.js';

/**
 * Fault hooks that make failures real instead of simulated: the data connection is really refused by the OS,
 * sockets are really destroyed.
 */

/** A loopback port nobody listens on (bound, then closed), so a connect to it is refused. */
export async function closedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A transfer strategy that asks the server for PASV like a normal client but then connects to a refused port
 * — what a carrier NAT or firewall does to a modem's data connection.
 */
export async function refusedPassiveTransfer(ftp: FTPContext): Promise<FTPResponse> {
  const res = await ftp.request('PASV');
  const port = await closedLoopbackPort();
  await connectForPassiveTransfer('127.0.0.1', port, ftp);
  return res;
}

/** The normal passive strategy (PASV on the control host). */
export const passiveTransfer = enterPassiveModeIPv4;

/** Destroys `socket` once `limit` bytes have been received on it. */
export function cutAfterBytes(socket: Socket, limit: number): void {
  let seen = 0;
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen >= limit) {
      socket.off('data', onData);
      socket.destroy();
    }
  };
  socket.on('data', onData);
}

/**
 * Cuts a data connection once `limit` payload bytes have passed in either direction. Downloads see exactly
 * `limit` bytes, as from a server that sent that many and closed: the chunk that crosses the limit is trimmed
 * before any listener sees it, rather than dropped whole with the socket.
 */
export function cutDataAfterBytes(socket: Socket, limit: number): void {
  let seen = 0;
  const cut = (): void => {
    if (!socket.destroyed) socket.destroy(new Error('fault: data connection cut'));
  };
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    const chunk = args[0];
    if (event !== 'data' || !Buffer.isBuffer(chunk) || seen >= limit) return emit(event, ...args);
    const room = limit - seen;
    seen += Math.min(room, chunk.length);
    if (chunk.length < room) return emit('data', chunk);
    emit('data', chunk.subarray(0, room));
    cut();
    return true;
  }) as Socket['emit'];
  const write = socket.write.bind(socket) as (chunk: Buffer | string, ...rest: never[]) => boolean;
  // Uploads are piped into the socket: count what the client writes.
  socket.write = ((chunk: Buffer | string, ...rest: never[]) => {
    const ok = write(chunk, ...rest);
    seen += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (seen >= limit) cut();
    return ok;
  }) as Socket['write'];
}
