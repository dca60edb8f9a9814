/**
 * A scripted host for the SIM7080G model tests: feeds AT text to the model in
 * memory and waits for exact bytes back. Shared by the sim7080*.test.ts files.
 */
import type { FaultPlan } from '../src/faults.js';
import type { ModemIo, VirtualModemModel } from '../src/model/types.js';
import { createSim7080Model, type Sim7080Extras } from '../src/sim7080/index.js';

export class Host {
  output = Buffer.alloc(0);
  cursor = 0;
  readonly model: VirtualModemModel;
  readonly faults: FaultPlan;
  #listeners = new Set<() => void>();

  constructor(faults: FaultPlan = {}, extras: Sim7080Extras = {}, latencyMs = 0) {
    this.faults = faults;
    const io: ModemIo = {
      send: (bytes) => {
        this.output = Buffer.concat([this.output, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)]);
        for (const l of [...this.#listeners]) l();
      },
      flushed: () => Promise.resolve(),
    };
    this.model = createSim7080Model(io, { latencyMs, faults }, { ...extras, tuning: { activationMs: 1, ...extras.tuning } });
  }

  send(data: string | Uint8Array): void {
    this.model.receive(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Output not yet consumed by a wait. */
  get unread(): Buffer {
    return this.output.subarray(this.cursor);
  }

  /** Waits until unread output contains `needle`; returns everything up to and including it. */
  async until(needle: string | Buffer, timeoutMs = 5000): Promise<Buffer> {
    const target = typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle;
    await this.#wait(() => this.unread.indexOf(target) >= 0, timeoutMs, `"${target.toString('latin1')}"`);
    const end = this.unread.indexOf(target) + target.length;
    const taken = this.unread.subarray(0, end);
    this.cursor += end;
    return Buffer.from(taken);
  }

  /** Waits until at least `n` unread bytes exist; returns exactly those. */
  async bytes(n: number, timeoutMs = 5000): Promise<Buffer> {
    await this.#wait(() => this.unread.length >= n, timeoutMs, `${n} bytes`);
    const taken = Buffer.from(this.unread.subarray(0, n));
    this.cursor += n;
    return taken;
  }

  /** Sends `line` + CR and returns the response through its final OK / ERROR / +CME ERROR line. */
  async at(line: string, timeoutMs = 5000): Promise<string> {
    this.send(`${line}\r`);
    const final = /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/;
    await this.#wait(() => final.test(this.unread.toString('latin1')), timeoutMs, `final result of ${line}`);
    const text = this.unread.toString('latin1');
    const match = final.exec(text) as RegExpExecArray;
    const end = match.index + match[0].length;
    this.cursor += end;
    return text.slice(0, end);
  }

  /** Lets pending timers and I/O run. */
  settle(ms = 30): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  #wait(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; unread: ${JSON.stringify(this.unread.toString('latin1'))}`));
      }, timeoutMs);
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
    });
  }
}

/** Echo off, bearer 0 up, FTP pointed at `server`. */
export async function connectTo(host: Host, server: { host: string; port: number; user: string; password: string }): Promise<void> {
  await host.at('ATE0');
  await host.at('AT+CNACT=0,1');
  await host.until('\r\n+APP PDP: 0,ACTIVE\r\n');
  for (const cmd of [
    'AT+FTPCID=0',
    `AT+FTPSERV="${server.host}"`,
    `AT+FTPPORT=${server.port}`,
    `AT+FTPUN="${server.user}"`,
    `AT+FTPPW="${server.password}"`,
  ]) {
    const reply = await host.at(cmd);
    if (reply !== '\r\nOK\r\n') throw new Error(`${cmd} → ${JSON.stringify(reply)}`);
  }
}

export const OK = '\r\nOK\r\n';
export const ERROR = '\r\nERROR\r\n';

/** Waits for one of `needles`; returns which one (its text) and consumes through it. */
export async function untilAny(host: Host, needles: string[], timeoutMs = 5000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = host.unread.toString('latin1');
    const hits = needles.map((n) => ({ n, at: text.indexOf(n) })).filter((h) => h.at >= 0).sort((a, b) => a.at - b.at);
    const first = hits[0];
    if (first) {
      await host.until(first.n);
      return first.n;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`none of ${needles.join(' | ')} in ${JSON.stringify(text)}`);
    await host.settle(5);
  }
}

/** Drives AT+FTPGET=2 / AT+FTPLIST=2 reads after the first `1,1` until `1,0`; returns the payload. */
export async function readSession(host: Host, prefix: '+FTPGET' | '+FTPLIST', chunk = 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    host.send(`AT${prefix}=2,${chunk}\r`);
    await host.until(`\r\n${prefix}: 2,`);
    const len = Number((await host.until('\r\n')).toString('latin1').trim());
    parts.push(await host.bytes(len));
    const ok = (await host.bytes(OK.length)).toString('latin1');
    if (ok !== OK) throw new Error(`expected OK after ${len} bytes, got ${JSON.stringify(ok)}`);
    if (len === 0) {
      const next = await untilAny(host, [`\r\n${prefix}: 1,1\r\n`, `\r\n${prefix}: 1,0\r\n`]);
      if (next.includes('1,0')) break;
    } else if (host.unread.toString('latin1').includes(`${prefix}: 1,0`)) {
      await host.until(`\r\n${prefix}: 1,0\r\n`);
      break;
    }
  }
  return Buffer.concat(parts);
}
