import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { createMemoryLink } from '../transport/memory.js';
import type { ByteTransport } from '../transport/types.js';

/** A pause inside a scripted reply. */
export interface Pause {
  readonly pauseMs: number;
}

/** What the modem sends back: text (latin1), bytes, pauses, in order. */
export type ScriptReply = string | Uint8Array | Pause | ReadonlyArray<string | Uint8Array | Pause> | undefined;

/** One scripted exchange: when the host has written exactly `expect`, the modem sends `reply`. */
export interface ScriptEntry {
  /** The exact bytes the host writes, e.g. `'AT+CSQ\r'`, `'+++'`, or payload bytes. */
  readonly expect: string | Uint8Array;
  readonly reply: ScriptReply;
  /** Used once, then forgotten (a later entry with the same `expect` answers the next time). Default: reusable. */
  readonly once?: boolean;
}

/**
 * Either exact exchanges (unknown input answers `ERROR`), or a function that
 * answers each command line (CR-terminated; a bare `+++` counts as a line).
 */
export type Script = readonly ScriptEntry[] | ((command: string, modem: ScriptedModem) => ScriptReply);

/** Options for {@link ScriptedModem}. */
export interface ScriptedModemOptions {
  /** Scheduler for the pauses; pass a virtual-time one, or use fake timers with the default. */
  readonly scheduler?: SchedulerLike;
  /** Sent for a written line no entry expects. Default `'\r\nERROR\r\n'`. */
  readonly unknown?: string;
}

const ENC = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/**
 * The device end of a link, answering the host from a script, the way
 * warthog618/modem's mock modem does: exact bytes written → scripted replies
 * (with pauses), anything unknown → `ERROR`. A new driver gets its first test
 * green with it before any virtual modem exists. `written` keeps every byte
 * the host wrote, exactly.
 *
 * @example
 * const { transport, modem } = scriptedModem([
 *   { expect: 'ATE0\r', reply: '\r\nOK\r\n' },
 *   { expect: 'AT+CGMM\r', reply: ['\r\nEC25\r\n', { pauseMs: 20 }, '\r\nOK\r\n'] },
 * ]);
 * const engine = new AtEngine(transport);
 * await engine.run({ text: 'AT+CGMM', claims: [(l) => !l.startsWith('+')] }); // lines: ['EC25']
 * await engine.run({ text: 'AT+NOPE' }); // rejects: the modem answered ERROR
 * modem.writtenText; // 'AT+CGMM\rAT+NOPE\r'
 */
export class ScriptedModem {
  /** Every byte the host wrote, in order. */
  readonly written: number[] = [];
  /** Every command line (function scripts) or matched `expect` and unknown line (entry scripts). */
  readonly commands: string[] = [];
  readonly #script: Script;
  readonly #scheduler: SchedulerLike;
  readonly #unknown: string;
  readonly #used = new Set<ScriptEntry>();
  #buffer: number[] = [];
  #line = '';
  #raw: ((chunk: Uint8Array) => void) | undefined;
  /** Replies still waiting behind a pause, so later replies keep their order. */
  #tail: Promise<void> = Promise.resolve();
  #queued = 0;

  constructor(
    readonly device: ByteTransport,
    script: Script,
    options: ScriptedModemOptions = {},
  ) {
    this.#script = script;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#unknown = options.unknown ?? '\r\nERROR\r\n';
    device.data$.subscribe((chunk) => this.#receive(chunk));
  }

  /** The written bytes as latin1 text. */
  get writtenText(): string {
    return latin1(this.written);
  }

  /** True when every `once` entry has been used. */
  get finished(): boolean {
    return typeof this.#script === 'function' || this.#script.every((e) => !e.once || this.#used.has(e));
  }

  /** Routes the next host bytes to `handler` instead of the script (a data phase). */
  raw(handler: ((chunk: Uint8Array) => void) | undefined): void {
    this.#raw = handler;
  }

  /** Sends bytes to the host now (an unsolicited line, or the rest of a stream); pauses are honoured. */
  send(reply: ScriptReply): void {
    if (reply === undefined) return;
    const parts = Array.isArray(reply) ? (reply as ReadonlyArray<string | Uint8Array | Pause>) : [reply as string | Uint8Array | Pause];
    for (const part of parts) {
      if (typeof part === 'object' && 'pauseMs' in part) {
        const ms = part.pauseMs;
        this.#chain(() => new Promise<void>((resolve) => this.#scheduler.schedule(() => resolve(), ms)));
      } else if (this.#queued > 0) this.#chain(() => this.#write(part));
      else void this.#write(part);
    }
  }

  /** Queues a step behind the pauses already waiting, so the bytes keep their order. */
  #chain(step: () => Promise<void>): void {
    this.#queued++;
    this.#tail = this.#tail.then(step).finally(() => void this.#queued--);
  }

  #write(part: string | Uint8Array): Promise<void> {
    return this.device.write(typeof part === 'string' ? ENC(part) : part).catch(() => undefined);
  }

  #receive(chunk: Uint8Array): void {
    for (const byte of chunk) this.written.push(byte);
    if (this.#raw) return this.#raw(chunk);
    if (typeof this.#script === 'function') return this.#receiveLines(chunk, this.#script);
    for (const byte of chunk) this.#buffer.push(byte);
    this.#matchEntries(this.#script);
  }

  #receiveLines(chunk: Uint8Array, script: (command: string, modem: ScriptedModem) => ScriptReply): void {
    for (const byte of chunk) {
      if (byte === 0x0d) {
        const command = this.#line;
        this.#line = '';
        this.commands.push(command);
        this.send(script(command, this));
      } else if (byte !== 0x0a) this.#line += String.fromCharCode(byte);
    }
    if (this.#line === '+++') {
      this.#line = '';
      this.commands.push('+++');
      this.send(script('+++', this));
    }
  }

  #matchEntries(entries: readonly ScriptEntry[]): void {
    while (this.#buffer.length > 0) {
      let waiting = false;
      let matched: ScriptEntry | undefined;
      for (const entry of entries) {
        if (entry.once && this.#used.has(entry)) continue;
        const expect = typeof entry.expect === 'string' ? ENC(entry.expect) : entry.expect;
        const n = Math.min(expect.length, this.#buffer.length);
        let same = true;
        for (let i = 0; i < n && same; i++) same = this.#buffer[i] === expect[i];
        if (!same) continue;
        if (n < expect.length) waiting = true;
        else {
          matched = entry;
          this.#buffer.splice(0, expect.length);
          break;
        }
      }
      if (matched) {
        if (matched.once) this.#used.add(matched);
        this.commands.push(printableText(matched.expect));
        this.send(matched.reply);
        continue;
      }
      if (waiting) return;
      // Nothing expects these bytes: a whole unknown line gets ERROR, a partial one waits for its CR.
      const cr = this.#buffer.indexOf(0x0d);
      if (cr < 0) return;
      const line = this.#buffer.splice(0, cr + 1);
      this.commands.push(latin1(line.slice(0, -1)));
      this.send(this.#unknown);
    }
  }
}

function latin1(bytes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}

function printableText(expect: string | Uint8Array): string {
  const text = typeof expect === 'string' ? expect : latin1(expect);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * A scripted modem on an in-memory link: `transport` is the host end, ready
 * for `new AtEngine(transport)` or `openModem({ transport, drivers })`.
 *
 * @example
 * const { transport } = scriptedModem([{ expect: 'AT\r', reply: '\r\nOK\r\n' }]);
 * const modem = await openModem({ transport, drivers: [myDriver()] });
 */
export function scriptedModem(script: Script, options: ScriptedModemOptions = {}): { transport: ByteTransport; modem: ScriptedModem } {
  const { host, device } = createMemoryLink('scripted');
  return { transport: host, modem: new ScriptedModem(device, script, options) };
}
