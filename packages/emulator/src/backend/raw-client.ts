import { Client, type FTPResponse } from 'basic-ftp';
import type { Readable, Writable } from 'node:stream';
// basic-ftp exports its transfer primitives only from this module; it has no public raw-listing or REST+STOR
// call, which a virtual modem needs.
import { downloadTo, uploadFrom } from 'basic-ftp/dist/transfer.js';

/**
 * basic-ftp's Client plus the two things a modem needs and the public API lacks: a listing command's raw
 * bytes (MLSD/NLST/LIST as the server sent them) and REST+STOR. Ranged RETR is in retrieve.ts.
 */
export class RawFtpClient extends Client {
  /**
   * The representation type last set on this connection (servers start in ASCII; basic-ftp sends TYPE I at
   * login).
   */
  type: 'binary' | 'ascii' = 'binary';

  /**
   * Sends `command` (e.g. `MLSD dir`) over a fresh data connection and streams the bytes to `destination`.
   */
  async rawListing(command: string, destination: Writable): Promise<FTPResponse> {
    await this.prepareTransfer(this.ftp);
    return downloadTo(destination, {
      ftp: this.ftp,
      tracker: this._progressTracker,
      command,
      remotePath: '',
      type: 'list',
    });
  }

  /** STOR/APPE with an optional REST offset sent after the data connection is prepared. */
  async rawUpload(source: Readable, remotePath: string, command: 'STOR' | 'APPE', startAt: number): Promise<FTPResponse> {
    await this.prepareTransfer(this.ftp);
    if (startAt > 0) await this.send(`REST ${startAt}`);
    return uploadFrom(source, {
      ftp: this.ftp,
      tracker: this._progressTracker,
      command,
      remotePath,
      type: 'upload',
    });
  }
}
