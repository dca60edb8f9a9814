import type { Socket } from 'node:net';
import { FTPError, type FTPContext, type FTPResponse } from 'basic-ftp';
// basic-ftp keeps its stall detector (it knows a paused socket is our backpressure) out of its public API.
import { TransferWatchdog } from 'basic-ftp/dist/TransferWatchdog.js';
import type { ByteSink } from './types.js';

/** Bytes that arrived on data connections (whether or not the caller wanted them). */
export interface DataStats {
  received: number;
}

type Task = { resolve: (value: undefined) => void };

/** How a retrieve is stopped early: after `limit` bytes, or when `stopped()` says so (an abort). */
export interface RetrieveOptions {
  startAt: number;
  limit: number;
  stopped: () => boolean;
  sink: ByteSink;
}

/** A running `REST`+`RETR`. */
export interface Retrieval {
  /**
   * Bytes handed to the sink; settles once they are all delivered and the transfer is over for the caller.
   */
  delivered: Promise<{ bytes: number; cut: boolean }>;
  /**
   * Settles when the control connection is back in step: the server's final reply to RETR has been read (226,
   * or 426/451 for a data connection we closed).
   */
  settled: Promise<void>;
  /** Stops now (closes the data connection) if `stopped()` has become true while the line was quiet. */
  poke(): void;
}

/**
 * `REST`+`RETR` that stops like a real client once it has what it asked for: it closes the data connection
 * (RFC 959 §3.3: the receiver may close it to end a transfer) instead of reading the rest of the file, then
 * consumes the server's final reply to RETR — 226 if the server had already sent everything, 426/451
 * otherwise — so that no late reply is taken as the answer to the next command. ABOR is not used: servers
 * answer it with one or two replies depending on timing, and ftp-srv does not even read the control
 * connection during a RETR.
 *
 * `delivered` resolves at the cut (the caller's data is complete) and `settled` once the final reply is in;
 * without a cut `delivered` waits for the 226 as usual, so a server-side failure is still seen.
 */
export function retrieve(ftp: FTPContext, remotePath: string, options: RetrieveOptions, stats: DataStats): Retrieval {
  let bytes = 0;
  let cut = false;
  let cutNow: () => void = () => undefined;
  let transferStarted = false;
  let dataDone = false;
  let finalReply: FTPResponse | undefined;
  let deliveredSettled = false;
  let resolveDelivered: (v: { bytes: number; cut: boolean }) => void = () => undefined;
  let rejectDelivered: (err: unknown) => void = () => undefined;
  const delivered = new Promise<{ bytes: number; cut: boolean }>((resolve, reject) => {
    resolveDelivered = resolve;
    rejectDelivered = reject;
  });
  const watchdog = new TransferWatchdog();
  const deliver = (): void => {
    if (deliveredSettled) return;
    deliveredSettled = true;
    resolveDelivered({ bytes, cut });
  };
  const fail = (err: unknown): void => {
    watchdog.stop();
    if (deliveredSettled) return;
    deliveredSettled = true;
    rejectDelivered(err);
  };

  const settled = ftp.handle(options.startAt > 0 ? `REST ${options.startAt}` : `RETR ${remotePath}`, (res, task) => {
    if (res instanceof Error) {
      // After our cut, an error reply (426 "connection closed; transfer aborted", 451) is the expected final
      // answer to RETR; anything else is a real failure.
      if (cut && res instanceof FTPError) return finish(task);
      fail(res);
      // Release a data connection the refused RETR never used, as basic-ftp's own transfers do, so the next
      // PASV starts clean.
      ftp.dataSocket = undefined;
      return task.reject(res);
    }
    if (res.code === 350) return ftp.send(`RETR ${remotePath}`);
    if (res.code === 150 || res.code === 125) {
      if (transferStarted) return;
      transferStarted = true;
      const socket = ftp.dataSocket;
      if (!socket) {
        const err = new Error('Download should begin but no data connection is available.');
        fail(err);
        return task.reject(err);
      }
      return read(socket, task);
    }
    if (res.code >= 200 && res.code < 300) {
      finalReply = res;
      if (dataDone || cut) {
        deliver();
        finish(task);
      }
      return;
    }
    if (res.code >= 300 && res.code < 400) {
      const err = new Error(`Unexpected FTP response is requesting an answer: ${res.message}`);
      fail(err);
      ftp.closeWithError(err);
    }
  });

  function finish(task: Task): void {
    ftp.dataSocket = undefined;
    task.resolve(undefined);
  }

  function read(socket: Socket, task: Task): void {
    // As basic-ftp's downloadTo: the data connection, not the idle control socket, times the transfer.
    ftp.socket.setTimeout(0);
    watchdog.start(socket, 'download', ftp.timeout, () => ftp.closeWithError(new Error('Timeout (data socket)')));
    let chain: Promise<void> = Promise.resolve();
    let peerEnded = false;
    socket.once('end', () => (peerEnded = true));
    socket.on('data', (chunk: Buffer) => void (stats.received += chunk.length));
    const stop = (): void => {
      if (cut) return;
      cut = true;
      watchdog.stop();
      // Our side closes the data connection with a reset, as a TCP stack does when it closes with data
      // unread: the server's next write fails and it answers RETR (426/451/551). A plain FIN is not enough:
      // ftp-srv 4.6.3 then waits forever and never replies.
      resetSocket(socket, peerEnded);
      ftp.dataSocket = undefined;
      ftp.socket.setTimeout(ftp.timeout);
      deliver();
      if (finalReply) finish(task);
    };
    cutNow = stop;
    socket.on('data', (chunk: Buffer) => {
      if (cut) return;
      const room = options.limit - bytes;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      bytes += part.length;
      const full = bytes >= options.limit;
      // Backpressure: the socket stays paused while the sink holds the chunk.
      socket.pause();
      chain = chain
        .then(() => (options.stopped() ? undefined : options.sink(part)))
        .then(() => {
          if (full || options.stopped()) stop();
          else if (!cut) socket.resume();
        })
        .catch((err: unknown) => {
          // The sink failed: report that (fail first), then stop reading.
          fail(err);
          stop();
        });
    });
    socket.once('end', () => {
      void chain.then(() => {
        if (cut) return;
        dataDone = true;
        watchdog.stop();
        ftp.socket.setTimeout(ftp.timeout);
        if (finalReply) {
          deliver();
          finish(task);
        }
      });
    });
    if (options.limit <= 0 || options.stopped()) stop();
  }

  return {
    poke: () => {
      if (options.stopped()) cutNow();
    },
    delivered,
    settled: settled.then(
      () => undefined,
      (err: unknown) => {
        fail(err);
        throw err;
      },
    ),
  };
}

/**
 * Closes with RST (TLS sockets included); falls back to a plain destroy where Node cannot reset. This
 * teardown is deliberate, so basic-ftp's data-socket error handler is detached first: a reset of a socket
 * whose peer has already sent FIN (the range ended exactly at the end of the file) fails with EINVAL, which
 * basic-ftp would report as a broken transfer.
 */
function resetSocket(socket: Socket, peerEnded: boolean): void {
  socket.removeAllListeners('error');
  socket.on('error', () => undefined);
  if (peerEnded) {
    // The server already sent everything and closed its side: there is nothing to refuse.
    socket.destroy();
    return;
  }
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
