import { openModem, type Modem } from '@cellftp/core';
import { scriptedModem, type ScriptedModem, type ScriptReply } from '@cellftp/core/testing';
import { ublox, type UbloxDriverOptions } from '../src/index.js';

const OK = '\r\nOK\r\n';
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const arg = (command: string): string[] => [...command.matchAll(/"([^"]*)"|(\d+)/g)].map((m) => m[1] ?? m[2] ?? '');

/**
 * A scripted u-blox module for exact-byte tests, answering as the digest's
 * examples show (ublox-sara-ftp.md §5, §7, §11): every `AT+UFTPC` `OK` then
 * `+UUFTPCR: <op>,1`; a flash file system with `AT+ULSTFILE`/`AT+UDELFILE`/
 * `AT+URDBLOCK`/`AT+UDWNFILE` (which appends); remote files for ops 4–7.
 * `on(prefix, reply)` overrides any command; `fail(op, class, code)` makes an op
 * answer `+UUFTPCR: <op>,0` with that `+UFTPER`.
 */
export class FakeUblox {
  readonly remote = new Map<string, Buffer>();
  readonly flash = new Map<string, Buffer>();
  free = 1_000_000;
  /** What the direct-link download does at the end of the file: wait for `+++` (IADG) or leave by itself (R4-MAN §20.2.3). */
  directEnd: 'escape' | 'auto' = 'escape';
  readonly #overrides: Array<[string, (command: string) => ScriptReply]> = [];
  #uftper = '+UFTPER: 0,0';
  modem!: ScriptedModem;

  constructor(readonly model = 'SARA-R510S-01B') {}

  on(prefix: string, reply: ScriptReply | ((command: string) => ScriptReply)): this {
    this.#overrides.unshift([prefix, typeof reply === 'function' ? reply : () => reply]);
    return this;
  }

  /** `AT+UFTPC=<op>…` answers `OK`, `+UUFTPCR: <op>,0`; `AT+UFTPER` then says `<class>,<code>`. */
  fail(prefix: string, errorClass: number, code: number): this {
    const op = /^AT\+UFTPC=(\d+)/.exec(prefix)?.[1] ?? '0';
    return this.on(prefix, () => {
      this.#uftper = `+UFTPER: ${errorClass},${code}`;
      return `${OK}\r\n+UUFTPCR: ${op},0\r\n`;
    });
  }

  wireSince(mark: number): string {
    return Buffer.from(this.modem.written.slice(mark)).toString('latin1');
  }

  answer(command: string, modem: ScriptedModem): ScriptReply {
    for (const [prefix, reply] of this.#overrides) if (command.startsWith(prefix)) return reply(command);
    return this.base(command, modem);
  }

  base(command: string, modem: ScriptedModem): ScriptReply {
    if (['AT', 'ATE0', 'AT+CMEE=2'].includes(command) || command.startsWith('AT+UFTP=') || command.startsWith('AT+UPSD=') || command.startsWith('AT+CGDCONT=')) return OK;
    if (command === 'ATI') return `\r\n${this.model}\r\n${OK}`;
    if (command === 'AT+CGMI') return `\r\nu-blox\r\n${OK}`;
    if (command === 'AT+CGMM') return `\r\n${this.model}\r\n${OK}`;
    if (command === 'AT+CGMR') return `\r\n03.15\r\n${OK}`;
    if (command === 'AT+CGACT?') return `\r\n+CGACT: 1,1\r\n${OK}`;
    if (command === 'AT+UPSDA=0,3') return `${OK}\r\n+UUPSDA: 0,"10.0.0.7"\r\n`;
    if (command === 'AT+UPSDA=0,4' || command.startsWith('AT+CGACT=1,')) return OK;
    if (command === 'AT+CMEE?') return `\r\n+CMEE: 2\r\n${OK}`;
    if (command === 'AT+UPSND=0,8') return `\r\n+UPSND: 0,8,0\r\n${OK}`;
    if (command === 'AT+UFTPER') return `\r\n${this.#uftper}\r\n${OK}`;
    if (command === 'AT+ULSTFILE=1') return `\r\n+ULSTFILE: ${this.free}\r\n${OK}`;
    if (command.startsWith('AT+ULSTFILE=2,')) {
      const file = this.flash.get(arg(command)[1] ?? '');
      return file ? `\r\n+ULSTFILE: ${file.length}\r\n${OK}` : '\r\n+CME ERROR: FILE NOT FOUND\r\n';
    }
    if (command.startsWith('AT+UDELFILE=')) return this.flash.delete(arg(command)[0] ?? '') ? OK : '\r\n+CME ERROR: FILE NOT FOUND\r\n';
    if (command.startsWith('AT+URDBLOCK=')) return this.#readBlock(command);
    if (command.startsWith('AT+UDWNFILE=')) return this.#writeFile(command, modem);
    const op = /^AT\+UFTPC=(\d+)/.exec(command)?.[1];
    if (op === undefined) return '\r\nERROR\r\n';
    const args = arg(command).slice(1);
    const done = (result = 1): string => `\r\n+UUFTPCR: ${op},${result}\r\n`;
    switch (op) {
      case '4': {
        const file = this.remote.get(args[0] ?? '');
        if (!file) return this.#failNow(op, 1, 550);
        this.flash.set(args[1] ?? '', Buffer.from(file));
        return `${OK}${done()}`;
      }
      case '5': {
        const file = this.flash.get(args[0] ?? '') ?? Buffer.alloc(0);
        const offset = Number(args[2] ?? 0);
        // <number_of_byte>: bytes already sent; the module sends the local file from there (R4-MAN R16 §21).
        this.remote.set(args[1] ?? '', Buffer.concat([(this.remote.get(args[1] ?? '') ?? Buffer.alloc(0)).subarray(0, offset), file.subarray(offset)]));
        return `${OK}${done()}`;
      }
      case '6':
        return this.#getDirect(args, modem);
      case '7':
        return this.#putDirect(args, modem);
      default:
        return `${OK}${done()}`;
    }
  }

  #failNow(op: string, errorClass: number, code: number): string {
    this.#uftper = `+UFTPER: ${errorClass},${code}`;
    return `${OK}\r\n+UUFTPCR: ${op},0\r\n`;
  }

  #readBlock(command: string): ScriptReply {
    const [name = '', offset = '0', size = '0'] = arg(command);
    const file = this.flash.get(name);
    if (!file) return '\r\n+CME ERROR: FILE NOT FOUND\r\n';
    if (Number(offset) > file.length) return '\r\n+CME ERROR: FFS file range\r\n';
    const block = file.subarray(Number(offset), Number(offset) + Number(size));
    return [`\r\n+URDBLOCK: "${name}",${block.length},"`, block, `"\r\n${OK}`];
  }

  #writeFile(command: string, modem: ScriptedModem): ScriptReply {
    const [name = '', size = '0'] = arg(command);
    const length = Number(size);
    if (length > this.free) return '\r\n+CME ERROR: NOT ENOUGH FREE SPACE\r\n';
    const parts: Buffer[] = [];
    let got = 0;
    modem.raw((chunk) => {
      parts.push(Buffer.from(chunk.subarray(0, length - got)));
      got += chunk.length;
      if (got < length) return;
      modem.raw(undefined);
      // UDWNFILE appends to an existing file (R4-MAN §16.2).
      this.flash.set(name, Buffer.concat([this.flash.get(name) ?? Buffer.alloc(0), ...parts]));
      modem.send(OK);
    });
    return '\r\n>';
  }

  #getDirect(args: string[], modem: ScriptedModem): ScriptReply {
    const file = this.remote.get(args[0] ?? '');
    if (!file) return this.#failNow('6', 1, 550);
    const data = file.subarray(Number(args[1] ?? 0));
    if (this.directEnd === 'auto') return ['\r\nCONNECT\r\n', data, '\r\nDISCONNECT\r\n\r\nOK\r\n\r\n+UUFTPCR: 6,1\r\n'];
    modem.raw((chunk) => {
      if (latin1(chunk).endsWith('+++')) {
        modem.raw(undefined);
        modem.send('\r\nDISCONNECT\r\n\r\nOK\r\n\r\n+UUFTPCR: 6,1\r\n');
      }
    });
    return ['\r\nCONNECT\r\n', data];
  }

  #putDirect(args: string[], modem: ScriptedModem): ScriptReply {
    const name = args[0] ?? '';
    const offset = Number(args[1] ?? 0);
    const parts: Buffer[] = [];
    modem.raw((chunk) => {
      parts.push(Buffer.from(chunk));
      const all = Buffer.concat(parts);
      if (!latin1(all.subarray(-3)).endsWith('+++')) return;
      modem.raw(undefined);
      const base = (this.remote.get(name) ?? Buffer.alloc(0)).subarray(0, offset);
      this.remote.set(name, Buffer.concat([base, all.subarray(0, -3)]));
      modem.send('\r\nDISCONNECT\r\n\r\nOK\r\n\r\n+UUFTPCR: 7,1\r\n');
    });
    return '\r\nCONNECT\r\n';
  }
}

/** Opens the fake module through `openModem` with `ublox()`. */
export async function openFake(fake: FakeUblox, driver?: UbloxDriverOptions): Promise<Modem> {
  const { transport, modem } = scriptedModem((command, m) => fake.answer(command, m));
  fake.modem = modem;
  return openModem({ transport, drivers: [ublox(driver)] });
}

export const FTP = { host: 'ftp.example.com', port: 21, user: 'user', password: 'secret' } as const;

/** `OK`, `+UUFTPCD: <op>,<n>,"<data>"` per piece, `+UUFTPCR: <op>,1` (digest §5.3). */
export function listing(op: number, pieces: readonly Uint8Array[]): Array<string | Uint8Array> {
  const out: Array<string | Uint8Array> = [OK];
  for (const piece of pieces) out.push(`\r\n+UUFTPCD: ${op},${piece.length},"`, piece, '"\r\n');
  out.push(`\r\n+UUFTPCR: ${op},1\r\n`);
  return out;
}

export const bytes = (n: number, seed = 7): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 167 + seed + (i >> 8)) & 0xff));
