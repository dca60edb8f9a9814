import type { ByteTransport } from '../../src/transport/types.js';

export type Reply = string | Uint8Array | Array<string | Uint8Array> | undefined;

/**
 * The device end of a link, answering command lines from a script. `written`
 * records every byte the host wrote, exactly, for assertions.
 */
export class ScriptedModem {
  readonly written: number[] = [];
  readonly commands: string[] = [];
  #line = '';
  #raw: ((chunk: Uint8Array) => void) | undefined;

  constructor(
    readonly device: ByteTransport,
    private readonly script: (command: string, modem: ScriptedModem) => Reply,
  ) {
    device.data$.subscribe((chunk) => this.#receive(chunk));
  }

  get writtenText(): string {
    return Buffer.from(this.written).toString('latin1');
  }

  /** Routes the next host bytes to `handler` instead of the command parser. */
  raw(handler: ((chunk: Uint8Array) => void) | undefined): void {
    this.#raw = handler;
  }

  send(reply: Reply): void {
    if (reply === undefined) return;
    for (const part of Array.isArray(reply) ? reply : [reply]) {
      void this.device.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
    }
  }

  #receive(chunk: Uint8Array): void {
    this.written.push(...chunk);
    if (this.#raw) return this.#raw(chunk);
    for (const byte of chunk) {
      if (byte === 0x0d) {
        const command = this.#line;
        this.#line = '';
        this.commands.push(command);
        this.send(this.script(command, this));
      } else if (byte !== 0x0a) this.#line += String.fromCharCode(byte);
    }
    if (this.#line === '+++') {
      this.#line = '';
      this.commands.push('+++');
      this.send(this.script('+++', this));
    }
  }
}
