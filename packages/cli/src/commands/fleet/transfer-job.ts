import { basename, join } from 'node:path';
import type { FleetJob, TransferResult } from '@cellftp/core';
import { ftpOptionsFor } from '../../session.js';
import type { FtpTarget } from '../../target.js';
import type { FleetBoard } from './board.js';

/** What one modem did. */
export interface ModemTransfer extends TransferResult {
  readonly model: string;
  readonly localPath: string;
  readonly remotePath: string;
}

/** The same get or put for every modem. */
export interface TransferSpec {
  readonly direction: 'get' | 'put';
  readonly target: FtpTarget;
  /** get: the directory files are written to; put: the local file. */
  readonly local: string;
  readonly apn: string;
  readonly insecure: boolean;
}

/** Where modem `port`'s download goes: one file per modem, named after its port (`ttyUSB2-fw.bin`). */
export function downloadPath(dir: string, port: string, remotePath: string): string {
  return join(dir, `${basename(port)}-${basename(remotePath) || 'download.bin'}`);
}

/** Remote name of an upload: a URL ending in `/` keeps the local name; each modem uploads `<port>-<name>` so they do not overwrite each other. */
export function uploadPath(remote: string, port: string, local: string): string {
  const dir = remote.endsWith('/') ? remote : remote.slice(0, remote.lastIndexOf('/') + 1);
  const name = remote.endsWith('/') ? basename(local) : remote.slice(remote.lastIndexOf('/') + 1);
  return `${dir}${basename(port)}-${name}`;
}

/** Builds the fleet job: connect, log in, transfer, log out, while feeding the board. */
export function transferJob(spec: TransferSpec, board: FleetBoard, phases: Map<string, 'modem' | 'ftp'>): FleetJob<ModemTransfer> {
  return async ({ port, modem, signal }) => {
    phases.set(port, 'modem');
    board.state(port, 'connecting');
    await modem.connect({ apn: spec.apn, signal });
    phases.set(port, 'ftp');
    board.state(port, 'logging in');
    const { target } = spec;
    const ftp = await modem.ftp(ftpOptionsFor(target, { insecure: spec.insecure }));
    const sub = ftp.progress$.subscribe((p) => board.progress(port, p));
    try {
      if (spec.direction === 'get') {
        const localPath = downloadPath(spec.local, port, target.path);
        const result = await ftp.downloadTo(localPath, target.path, { signal });
        return { ...result, model: modem.info.model, localPath, remotePath: target.path };
      }
      const remotePath = uploadPath(target.path, port, spec.local);
      const result = await ftp.uploadFrom(spec.local, remotePath, { signal });
      return { ...result, model: modem.info.model, localPath: spec.local, remotePath };
    } finally {
      sub.unsubscribe();
      await ftp.close().catch(() => undefined);
    }
  };
}
