import type { ByteTransport } from '@cellftp/core';

/** A scripted host: writes AT lines and waits for exact bytes from the modem. */
export class AtHost {
  #buf = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  constructor(readonly transport: ByteTransport) {
    transport.data$.subscribe((chunk) => {
      this.#buf = Buffer.concat([this.#buf, chunk]);
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  write(data: string | Uint8Array): Promise<void> {
    return this.transport.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits until `marker` has arrived; returns (and consumes) everything up to and including it. */
  async until(marker: string | Buffer, timeoutMs = 5000): Promise<Buffer> {
    const needle = typeof marker === 'string' ? Buffer.from(marker, 'latin1') : marker;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.#buf.indexOf(needle);
      if (at >= 0) {
        const out = this.#buf.subarray(0, at + needle.length);
        this.#buf = this.#buf.subarray(at + needle.length);
        return out;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${JSON.stringify(needle.toString('latin1'))}; have ${JSON.stringify(this.#buf.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a command and returns the text up to `marker` (a line, framed `\r\n…\r\n` automatically unless raw). */
  async cmd(line: string, marker = 'OK'): Promise<string> {
    await this.write(`${line}\r`);
    return (await this.until(`\r\n${marker}\r\n`)).toString('latin1');
  }

  /** Sends a command and returns everything up to the end of the line that contains `marker`. */
  async cmdLine(line: string, marker: string): Promise<string> {
    await this.write(`${line}\r`);
    const head = await this.until(marker);
    return head.toString('latin1') + (await this.until('\r\n')).toString('latin1');
  }

  /** Whatever has arrived and not been consumed. */
  pending(): string {
    return this.#buf.toString('latin1');
  }

  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }
}
