import { FTPError } from 'basic-ftp';
import { FtpBackendError, type FtpFailureKind } from './types.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']);

/**
 * Classifies anything basic-ftp or Node threw into a neutral failure. `phase` says what the backend was
 * doing, which decides between e.g. a refused control connection (`connect`) and a refused data connection
 * (`data`).
 */
export function toBackendError(err: unknown, phase: 'connect' | 'command' | 'transfer'): FtpBackendError {
  if (err instanceof FtpBackendError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof FTPError) {
    const reply = err.code;
    const kind: FtpFailureKind = phase === 'connect' && (reply === 530 || reply === 331 || reply === 332) ? 'login' : 'server';
    return new FtpBackendError({ kind, reply, message });
  }
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  let kind: FtpFailureKind;
  if (DNS_CODES.has(code)) kind = 'dns';
  else if (/timeout/i.test(message)) kind = 'timeout';
  else if (/certificate|ssl|tls|self[- ]signed|handshake/i.test(message) || code.startsWith('ERR_TLS') || code.includes('CERT')) kind = 'tls';
  else if (CONNECT_CODES.has(code)) kind = phase === 'connect' ? 'connect' : 'data';
  else if (phase === 'transfer' && (CLOSED_CODES.has(code) || /data/i.test(message))) kind = 'data';
  else if (CLOSED_CODES.has(code) || /closed|FIN/i.test(message)) kind = 'closed';
  else kind = phase === 'connect' ? 'connect' : 'closed';
  return new FtpBackendError({ kind, message });
}
