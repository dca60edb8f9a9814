/**
 * A raw AT client on a model in memory: writes exact bytes, reads exact
 * bytes. Shared by the test/cftps and test/sara files.
 */
import type { FaultPlan } from '../../src/faults.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../../src/model/types.js';
import { virtualModel, type VirtualModelName } from '../../src/models.js';
import type { RunningTestFtpServer } from '../support/ftp-servers.js';

export type CftpsModelName = 'A7670E' | 'SIM7600G';

export class Rig {
  #out = Buffer.alloc(0);
  #wake: Array<() => void> = [];
  readonly model: VirtualModemModel;
  readonly faults: FaultPlan;

  constructor(name: VirtualModelName, options: Partial<ModelOptions> = {}, flushed: ModemIo['flushed'] = () => Promise.resolve()) {
    this.faults = options.faults ?? {};
    const io: ModemIo = {
      send: (bytes) => {
        this.#out = Buffer.concat([this.#out, Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes)]);
        for (const wake of this.#wake.splice(0)) wake();
      },
      flushed,
    };
    this.model = virtualModel(name).create(io, { latencyMs: 0, ...options, faults: this.faults });
  }

  /** Boots the model, turns echo off, and forgets the start-up output. */
  async boot(): Promise<void> {
    this.model.start();
    await this.at('ATE0');
    this.#out = Buffer.alloc(0);
  }

  write(bytes: string | Uint8Array): void {
    this.model.receive(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Waits for `needle`, returns (and consumes) everything through it. */
  async take(needle: string | Buffer, timeoutMs = 8000): Promise<Buffer> {
    const target = typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle;
    await this.#wait(() => this.#out.indexOf(target) >= 0, timeoutMs, JSON.stringify(target.toString('latin1')));
    return this.#consume(this.#out.indexOf(target) + target.length);
  }

  /** Waits for exactly `n` more bytes and consumes them. */
  async bytes(n: number, timeoutMs = 8000): Promise<Buffer> {
    await this.#wait(() => this.#out.length >= n, timeoutMs, `${n} bytes`);
    return this.#consume(n);
  }

  #consume(n: number): Buffer {
    const taken = Buffer.from(this.#out.subarray(0, n));
    this.#out = this.#out.subarray(n);
    return taken;
  }

  async #wait(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`no ${what}; have ${JSON.stringify(this.rest.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#wake.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** Sends `line` and returns the text through `until` (default: the final `OK`). */
  async at(line: string, until = '\r\nOK\r\n', timeoutMs = 8000): Promise<string> {
    this.write(`${line}\r`);
    return (await this.take(until, timeoutMs)).toString('latin1');
  }

  /** Sends each command and expects exactly its bytes, each through its last line; then nothing more. */
  async replay(steps: ReadonlyArray<readonly [string, string]>): Promise<void> {
    for (const [command, expected] of steps) {
      const tail = expected.slice(expected.lastIndexOf('\r\n', expected.length - 3));
      if ((await this.at(command, tail)) !== expected) throw new Error(`${command}: expected ${JSON.stringify(expected)}`);
    }
    if (this.rest !== '') throw new Error(`unexpected ${JSON.stringify(this.rest)}`);
  }

  /** Output not consumed yet. */
  get rest(): string {
    return this.#out.toString('latin1');
  }

  /** START and LOGIN to `server` (plain FTP); returns after `+CFTPSLOGIN: 0`. */
  async login(server: RunningTestFtpServer, serverType = 0): Promise<void> {
    await this.at('AT+CFTPSSTART', '+CFTPSSTART: 0\r\n');
    await this.at(`AT+CFTPSLOGIN="127.0.0.1",${server.port},"${server.user}","${server.password}",${serverType}`, '+CFTPSLOGIN: 0\r\n');
  }
}

/**
 * Reads a frame stream strictly: each header is exactly `CR LF +<name>: DATA,<n> CR LF`
 * followed by `n` bytes; returns the payload, the frame sizes and the result line.
 */
export async function readFrames(rig: Rig, name: string, timeoutMs = 8000, ignore: readonly string[] = []): Promise<{ data: Buffer; sizes: number[]; result: string; skipped: number }> {
  const parts: Buffer[] = [];
  const sizes: number[] = [];
  let skipped = 0;
  for (;;) {
    const lead = (await rig.bytes(2, timeoutMs)).toString('latin1');
    if (lead !== '\r\n') throw new Error(`frame does not start with CR LF: ${JSON.stringify(lead + rig.rest.slice(0, 40))}`);
    const line = (await rig.take('\r\n', timeoutMs)).toString('latin1').slice(0, -2);
    // Unsolicited lines of the field behaviours may precede a header that does not follow payload.
    if (ignore.includes(line)) {
      skipped++;
      continue;
    }
    const frame = new RegExp(`^\\+${name.slice(1)}: ?DATA, ?(\\d+)$`).exec(line);
    if (!frame) return { data: Buffer.concat(parts), sizes, result: line, skipped };
    sizes.push(Number(frame[1]));
    parts.push(await rig.bytes(Number(frame[1]), timeoutMs));
  }
}
