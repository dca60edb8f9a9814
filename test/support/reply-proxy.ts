import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * One server-side fault, applied by {@link startReplyProxy} to the FTP control
 * connection the virtual modem opens.
 *
 * - `reply`: the command (`RETR`, `STOR`, …) is not forwarded; the proxy answers
 *   with this reply line instead (e.g. `'550 No such file'`), as the server would.
 * - `closeAfterReply`: after the injected reply (or, without `reply`, after the
 *   server's first reply to the forwarded command, e.g. `150`), the control
 *   connection is closed: the server hung up in the middle of the transfer.
 */
export interface ReplyRule {
  /** FTP verbs the rule applies to, upper case. */
  verbs: readonly string[];
  reply?: string;
  closeAfterReply?: boolean;
  /** Close the control connection at once instead of forwarding the command: the server hung up. */
  hangUp?: boolean;
  /** Apply this many times (default: every time until removed). */
  times?: number;
}

/** A loopback TCP proxy in front of an FTP server whose control replies a test can rewrite. */
export interface ReplyProxy {
  host: '127.0.0.1';
  port: number;
  /** Live: change at any time. */
  rules: ReplyRule[];
  /** Verbs the modem sent, in order (for assertions and for the matrix report). */
  readonly verbsSeen: string[];
  stop(): Promise<void>;
}

/**
 * Starts a control-connection proxy on 127.0.0.1 in front of `target`. Data
 * connections are not proxied: PASV replies name the real server, so payload
 * bytes go straight to it. This produces the server replies the emulator does
 * not offer as faults (421, 425, 426, 450–452, 550, 552, 553) from a real FTP
 * exchange, so the modem's own error reporting is what is tested.
 */
export async function startReplyProxy(target: { host: string; port: number }): Promise<ReplyProxy> {
  const sockets = new Set<Socket>();
  const proxy: ReplyProxy = { host: '127.0.0.1', port: 0, rules: [], verbsSeen: [], stop: async () => undefined };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let closeOnNextReply = false;
    let pending = '';
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
    upstream.on('data', (chunk: Buffer) => {
      if (client.destroyed) return;
      client.write(chunk);
      if (closeOnNextReply) setImmediate(end);
    });
    client.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let at: number;
      while ((at = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, at + 1);
        pending = pending.slice(at + 1);
        const verb = (/^\s*([A-Za-z]+)/.exec(line)?.[1] ?? '').toUpperCase();
        proxy.verbsSeen.push(verb);
        const rule = proxy.rules.find((r) => r.verbs.includes(verb) && (r.times === undefined || r.times > 0));
        if (!rule) {
          upstream.write(Buffer.from(line, 'latin1'));
          continue;
        }
        if (rule.times !== undefined) rule.times--;
        if (rule.hangUp) {
          end();
          return;
        }
        if (rule.reply === undefined) {
          upstream.write(Buffer.from(line, 'latin1'));
          if (rule.closeAfterReply) closeOnNextReply = true;
          continue;
        }
        client.write(`${rule.reply}\r\n`, 'latin1');
        if (rule.closeAfterReply) setImmediate(end);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
