import type { RawFtpClient } from './raw-client.js';

/**
 * Calls `onClose` once when `client`'s control connection closes, for any reason (FIN, reset, timeout, our
 * own close). basic-ftp strips the socket's listeners when it closes, so the hook is its one exit,
 * `closeWithError`.
 */
export function watchControl(client: RawFtpClient, onClose: () => void): RawFtpClient {
  const ftp = client.ftp;
  const closeWithError = ftp.closeWithError.bind(ftp);
  let closed = false;
  ftp.closeWithError = (err: Error): void => {
    const first = !closed;
    closed = true;
    closeWithError(err);
    if (first) onClose();
  };
  return client;
}
