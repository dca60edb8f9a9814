import net, { type Server, type Socket } from 'node:net';
import type { FTPContext, FTPResponse } from 'basic-ftp';
// Used to hand basic-ftp its data socket (with the TLS upgrade and session reuse it does for passive).
import { connectForPassiveTransfer } from 'basic-ftp/dist/transfer.js';

/** Which way payload flows on the data connection: it decides what an early close means. */
export type DataDirection = 'download' | 'upload';

/** A data connection set up in active mode; `close` releases both listeners and sockets. */
export interface ActiveDataPath {
  response: FTPResponse;
  close(): void;
}

/** Options for {@link openActiveDataPath}. */
export interface ActiveOptions {
  direction: DataDirection;
  /**
   * Announce this port instead of the listening one: a port nobody listens on makes the server's connect fail
   * (fault).
   */
  announcePort?: number;
}

/**
 * Active mode (RFC 959 PORT, RFC 2428 EPRT): the module listens and the server connects to it. basic-ftp only
 * knows passive mode, and its transfer code reads `ftp.dataSocket` when 150 arrives, which in active mode can
 * come before or after the server's connection is accepted. So the data socket basic-ftp gets is the near end
 * of a loopback relay set up at once, and the far end is joined to the server's connection when it arrives.
 * On the wire to the server this is real active mode: PORT on the control connection and a connection the
 * server opens; the TLS handshake on the data connection is basic-ftp's, carried through the relay byte for
 * byte.
 */
export async function openActiveDataPath(ftp: FTPContext, options: ActiveOptions): Promise<ActiveDataPath> {
  // The server must connect to the address it sees us at (servers refuse a foreign PORT address).
  const host = (ftp.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/i, '');
  const listener = await listen(host);
  const relay = await listen('127.0.0.1');
  const accepted = { server: undefined as Socket | undefined, host: undefined as Socket | undefined };
  const join = (): void => {
    if (accepted.server && accepted.host) splice(accepted.server, accepted.host, options.direction);
  };
  listener.once('connection', (socket: Socket) => {
    accepted.server = socket;
    listener.close();
    join();
  });
  relay.once('connection', (socket: Socket) => {
    accepted.host = socket;
    relay.close();
    join();
  });
  const close = (): void => {
    listener.close();
    relay.close();
    accepted.server?.destroy();
    accepted.host?.destroy();
  };
  try {
    const port = options.announcePort ?? portOf(listener);
    const response = await ftp.request(net.isIPv6(host) ? `EPRT |2|${host}|${port}|` : `PORT ${host.replaceAll('.', ',')},${port >> 8},${port & 0xff}`);
    await connectForPassiveTransfer('127.0.0.1', portOf(relay), ftp);
    return { response, close };
  } catch (err) {
    close();
    throw err;
  }
}

async function listen(host: string): Promise<Server> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('listener has no port');
  return address.port;
}

/**
 * Joins the server's data connection to the relay's near end, both ways (a TLS handshake flows in both
 * directions whatever the transfer's). The sender's end of stream is passed on as end of stream; the receiver
 * closing first is a cut (how a client stops a download), so the sender's side is destroyed at once rather
 * than left to fill its buffers.
 */
function splice(server: Socket, host: Socket, direction: DataDirection): void {
  const [sender, receiver] = direction === 'download' ? [server, host] : [host, server];
  let senderEnded = false;
  sender.once('end', () => (senderEnded = true));
  server.pipe(host);
  host.pipe(server);
  const cut = (): void => {
    if (!senderEnded) sender.destroy();
  };
  receiver.once('end', cut);
  receiver.once('close', cut);
  // A sender that ended normally lets the pipe flush the receiver; one that broke breaks it.
  sender.once('close', () => {
    if (!senderEnded) receiver.destroy();
  });
  server.on('error', () => host.destroy());
  host.on('error', () => server.destroy());
}
