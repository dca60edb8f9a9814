import { EtxSubDecoder, openModem, type Modem } from '@cellftp/core';
import { scriptedModem, type ScriptedModem, type ScriptReply } from '@cellftp/core/testing';
import { simcom, type SimcomDriverOptions } from '../../src/index.js';

/**
 * A scripted `AT+CFTPS*` module for exact-byte tests: the replies are the
 * manuals' example exchanges (digest §13); a test overrides any command's
 * answer with `on(prefix, reply)`. Uploads are decoded from the raw bytes
 * written after the prompt, so the test sees exactly what reached the module.
 */
export class FakeCftps {
  readonly uploads: Buffer[] = [];
  readonly #overrides: Array<[string, (command: string) => ScriptReply]> = [];
  modem!: ScriptedModem;

  constructor(readonly model = 'A7670E-LASE') {}

  /** Answers commands starting with `prefix` (latest override first). */
  on(prefix: string, reply: ScriptReply | ((command: string) => ScriptReply)): this {
    this.#overrides.unshift([prefix, typeof reply === 'function' ? reply : () => reply]);
    return this;
  }

  /** The command lines the host wrote after identification (`AT+CMEE=1` onwards). */
  get commands(): string[] {
    const all = this.modem.commands;
    return all.slice(all.indexOf('AT+CMEE=1'));
  }

  /** The raw bytes written from the first command after `AT+CMEE=1`. */
  wireSince(mark: number): string {
    return Buffer.from(this.modem.written.slice(mark)).toString('latin1');
  }

  answer(command: string, modem: ScriptedModem): ScriptReply {
    for (const [prefix, reply] of this.#overrides) if (command.startsWith(prefix)) return reply(command);
    return this.base(command, modem);
  }

  /** The manuals' answer, without the overrides. */
  base(command: string, modem: ScriptedModem): ScriptReply {
    const ok = '\r\nOK\r\n';
    const urc = (name: string, code = 0): string => `${ok}\r\n+${name}: ${code}\r\n`;
    if (command === 'AT' || command === 'ATE0' || command === 'AT+CMEE=1') return ok;
    if (command === 'ATI') return `\r\nManufacturer: SIMCOM INCORPORATED\r\nModel: ${this.model}\r\nRevision: A7670M7_V1.11.1\r\nIMEI: 860000000000000\r\n${ok}`;
    if (command === 'AT+CGMI') return `\r\nSIMCOM INCORPORATED\r\n${ok}`;
    if (command === 'AT+CGMM') return `\r\n${this.model}\r\n${ok}`;
    if (command === 'AT+CGMR') return `\r\n+CGMR: A7670M7_V1.11.1\r\n${ok}`;
    if (command === 'AT+CGACT?') return `\r\n+CGACT: 1,1\r\n${ok}`;
    if (command.startsWith('AT+CFTPSSINGLEIP=') || command.startsWith('AT+CFTPSMODE=') || command.startsWith('AT+CSSLCFG=') || command.startsWith('AT+CFTPSSLCFG=')) return ok;
    const name = /^AT\+(CFTPS[A-Z]+)/.exec(command)?.[1];
    if (name === 'CFTPSPWD') return `${ok}\r\n+CFTPSPWD: "/"\r\n`;
    if (name === 'CFTPSPUT') return this.#put(command, modem);
    if (name) return urc(name);
    return '\r\nERROR\r\n';
  }

  #put(command: string, modem: ScriptedModem): ScriptReply {
    const length = Number(/^AT\+CFTPSPUT="[^"]*",(\d+)/.exec(command)?.[1] ?? 0);
    const parts: Buffer[] = [];
    const done = (): void => {
      modem.raw(undefined);
      this.uploads.push(Buffer.concat(parts));
      modem.send('\r\nOK\r\n\r\n+CFTPSPUT: 0\r\n');
    };
    if (length > 0) {
      let got = 0;
      modem.raw((chunk) => {
        parts.push(Buffer.from(chunk.subarray(0, length - got)));
        got += chunk.length;
        if (got >= length) done();
      });
    } else {
      const decoder = new EtxSubDecoder();
      modem.raw((chunk) => {
        const piece = decoder.push(chunk);
        parts.push(Buffer.from(piece.data));
        if (piece.ended) done();
      });
    }
    return '\r\n>';
  }
}

/** Opens the fake module through `openModem` with `simcom()`. */
export async function openFake(fake: FakeCftps, driver?: SimcomDriverOptions): Promise<Modem> {
  const { transport, modem } = scriptedModem((command, m) => fake.answer(command, m));
  fake.modem = modem;
  return openModem({ transport, drivers: [simcom(driver)] });
}

export const FTP = { host: 'ftp.example.com', port: 21, user: 'user', password: 'secret' } as const;

/** `+CFTPSxxx: DATA,<len>` + bytes for each piece, then `+CFTPSxxx: <code>`. */
export function frames(name: string, pieces: readonly Uint8Array[], code = 0): Array<string | Uint8Array> {
  const out: Array<string | Uint8Array> = ['\r\nOK\r\n'];
  for (const piece of pieces) out.push(`\r\n+${name}: DATA,${piece.length}\r\n`, piece);
  out.push(`\r\n+${name}: ${code}\r\n`);
  return out;
}
