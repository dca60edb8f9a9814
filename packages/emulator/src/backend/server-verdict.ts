import type { FTPContext } from 'basic-ftp';

/** Undoes {@link awaitServerVerdict}. */
export type Restore = () => void;

/**
 * A server that refuses a transfer (`550` to RETR of a missing file, `554` to a REST beyond the end) also
 * drops the data connection it had prepared, and the reset can reach us before the reply does. basic-ftp
 * closes the whole client on any data socket error, which would lose the reply and turn "no such file" into
 * "data connection failed". A module's FTP stack reports the server's reply, so until the server has said
 * 125/150 (and while nothing has arrived on the data connection) a data socket error is held for up to
 * `graceMs`: if the reply arrives, the transfer fails with it and the session stays logged in; if not, the
 * error goes through as before.
 */
export function awaitServerVerdict(ftp: FTPContext, graceMs: number): Restore {
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onControl = (chunk: string | Buffer): void => {
    if (/(^|\n)1\d\d /.test(chunk.toString())) started = true;
  };
  ftp.socket.on('data', onControl);
  const closeWithError = ftp.closeWithError.bind(ftp);
  ftp.closeWithError = (err: Error): void => {
    // Bytes already read mean the server accepted the data connection: this is a broken transfer, not a
    // refusal.
    const accepted = (ftp.dataSocket?.bytesRead ?? 0) > 0;
    if (started || accepted || !err.message.endsWith('(data socket)')) return closeWithError(err);
    // The reset is often reported twice ('error', then 'close' with hadError): one wait covers both.
    timer ??= setTimeout(() => closeWithError(err), graceMs);
  };
  return () => {
    ftp.socket.off('data', onControl);
    // The own property shadows the prototype's method; removing it restores basic-ftp's behaviour.
    delete (ftp as { closeWithError?: unknown }).closeWithError;
    if (timer !== undefined) clearTimeout(timer);
  };
}
