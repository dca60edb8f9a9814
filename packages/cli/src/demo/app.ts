import type { Modem, TransferProgress } from '@cellftp/core';
import { HashingSink, sha256 } from './payload.js';

/** Where and what the demo application transfers. */
export interface RoundTripJob {
  /** `ftp://user:pass@host:port/` of the server. */
  url: string;
  /** Remote directory, created if missing. */
  remoteDir: string;
  fileName: string;
  payload: Uint8Array;
  apn: string;
  signal?: AbortSignal;
  /** Narration of each step, for screens without progress bars. */
  log?: (step: string) => void;
  /** Every progress event of the session (the demo's bars). */
  onProgress?: (progress: TransferProgress) => void;
}

/** What one round trip measured. */
export interface RoundTripResult {
  bytesUp: number;
  bytesDown: number;
  upMs: number;
  downMs: number;
  /** The size the listing showed for the uploaded file. */
  listedSize: number | undefined;
  sha256Sent: string;
  sha256Received: string;
  match: boolean;
}

/**
 * The demo's application code: written once against the vendor-neutral API,
 * with no branch on the modem. Connects, ensures the directory, uploads the
 * payload, lists it, downloads it back and compares sha256.
 *
 * @example
 * const modem = await openModem({ path: '/dev/ttyUSB2', drivers: [quectel(), simcom()] });
 * const result = await roundTrip(modem, { url: 'ftp://u:p@127.0.0.1:2121/', remoteDir: '/t', fileName: 'a.bin', payload, apn: 'internet' });
 */
export async function roundTrip(modem: Modem, job: RoundTripJob): Promise<RoundTripResult> {
  const log = job.log ?? (() => undefined);
  await modem.connect({ apn: job.apn, ...(job.signal ? { signal: job.signal } : {}) });
  log('data context active');
  const ftp = await modem.ftp({ url: job.url });
  try {
    if (job.onProgress) ftp.trackProgress(job.onProgress);
    await ftp.ensureDir(job.remoteDir);
    log(`in ${job.remoteDir}`);
    const up = await ftp.uploadFrom(job.payload, job.fileName, { signal: job.signal });
    log(`uploaded ${up.bytes} bytes in ${up.durationMs} ms`);
    const listing = await ftp.list();
    const listedSize = listing.find((entry) => entry.name === job.fileName)?.size;
    log(`listed ${job.fileName}: ${listedSize ?? '?'} bytes`);
    const sink = new HashingSink();
    const down = await ftp.downloadTo(sink, job.fileName, { signal: job.signal });
    log(`downloaded ${down.bytes} bytes in ${down.durationMs} ms`);
    const sha256Sent = sha256(job.payload);
    const sha256Received = sink.digest();
    return {
      bytesUp: up.bytes,
      bytesDown: down.bytes,
      upMs: up.durationMs,
      downMs: down.durationMs,
      listedSize,
      sha256Sent,
      sha256Received,
      match: sha256Sent === sha256Received && down.bytes === job.payload.length,
    };
  } finally {
    ftp.trackProgress();
    await ftp.close().catch(() => undefined);
  }
}
