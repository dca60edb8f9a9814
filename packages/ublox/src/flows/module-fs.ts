import { FtpError, quotedLengthAfter, type OutgoingData, type PayloadSink } from '@cellftp/core';
import { commands, ULSTFILE } from '../commands.js';
import { TIMINGS } from '../rules.js';
import { cmeText, type UbloxLink } from './link.js';

/** `+CME ERROR: FILE NOT FOUND` (R4-MAN §16, digest §5.1). */
const NOT_FOUND = /FILE NOT FOUND/i;

/** The module's flash file system (R4-MAN ch. 16, digest §5.1, §7): the staging area of the `fs` strategies. */
export class ModuleFs {
  constructor(
    private readonly link: UbloxLink,
    /** The serial line rate: `AT+UDWNFILE` answers only once the last byte crossed the line. */
    private readonly baudRate: number,
  ) {}

  /** The free space just asked by a strategy choice, for the staging that follows it at once. */
  #asked: number | undefined;

  /** `AT+ULSTFILE=1` → `+ULSTFILE: <free bytes>`; `keep` hands the figure to the next {@link ensureRoom}. */
  async freeBytes(signal?: AbortSignal, keep = false): Promise<number> {
    const free = await this.#number(commands.freeSpace, signal);
    this.#asked = keep ? free : undefined;
    return free;
  }

  /** `AT+ULSTFILE=2,"<name>"` → `+ULSTFILE: <bytes>`. */
  async size(name: string, signal?: AbortSignal): Promise<number> {
    return this.#number(commands.fileSize(name), signal);
  }

  /** Drops a kept free-space figure (the transfer will not stage). */
  forgetFree(): void {
    this.#asked = undefined;
  }

  /**
   * Fails before anything is fetched or written when `bytes` will not fit,
   * naming both numbers (a SARA-R4 has about 236 KB, digest §10).
   */
  async ensureRoom(bytes: number, what: string, signal?: AbortSignal): Promise<void> {
    const free = this.#asked ?? (await this.freeBytes(signal));
    this.#asked = undefined;
    if (bytes > free) {
      throw new FtpError('MODEM', `${what}: ${bytes} bytes do not fit in the ${this.link.profile.family}'s flash file system (${free} bytes free, AT+ULSTFILE=1); use a smaller file${this.link.profile.downloads.names.includes('direct') ? ' or the direct strategy' : ''}`, {
        command: commands.freeSpace,
      });
    }
  }

  /** `AT+UDELFILE="<name>"`; a missing file is fine. */
  async remove(name: string): Promise<void> {
    // No signal: the staged file is removed after an abort too.
    await this.link.local(commands.deleteFile(name)).catch((error: unknown) => {
      if (!cmeText(error, NOT_FOUND)) throw error;
    });
  }

  /**
   * `AT+URDBLOCK="<name>",<offset>,<size>` → `+URDBLOCK: "<name>",<n>,"` + exactly
   * `<n>` raw bytes + `"` (digest §5.1), block after block from `from` to `to`,
   * each streamed into `sink` with its backpressure. A header shorter than asked
   * is the end of the file.
   */
  async read(name: string, from: number, to: number, sink: PayloadSink, signal?: AbortSignal): Promise<number> {
    let position = from;
    while (position < to) {
      const size = Math.min(TIMINGS.blockBytes, to - position);
      const res = await this.link.local(
        commands.readBlock(name, position, size),
        { timeoutMs: TIMINGS.localMs, incoming: { dataAfterHead: quotedLengthAfter('+URDBLOCK:'), sink, maxLength: TIMINGS.blockBytes } },
        signal,
      );
      position += res.payloadBytes;
      if (res.payloadBytes < size) break;
    }
    return position - from;
  }

  /**
   * `AT+UDWNFILE="<name>",<size>` → `>` → exactly `<size>` bytes → `OK` (digest
   * §7). It appends to an existing file, so the file is removed first.
   */
  async write(name: string, size: number, data: () => OutgoingData): Promise<void> {
    await this.remove(name);
    try {
      // A buffer may take the bytes long before the line has carried them: the line time is added to the wait.
      const lineMs = Math.ceil((size * 10 * 1000) / this.baudRate);
      await this.link.local(commands.writeFile(name, size), { timeoutMs: TIMINGS.localMs + lineMs, outgoing: { on: 'prompt', prompts: ['>', '> '], data } });
    } catch (error) {
      if (cmeText(error, /NOT ENOUGH FREE SPACE/i)) {
        throw new FtpError('MODEM', `${commands.writeFile(name, size)}: ${size} bytes do not fit in the module's flash file system (+CME ERROR: NOT ENOUGH FREE SPACE)`, { cause: error });
      }
      throw error;
    }
  }

  async #number(text: string, signal?: AbortSignal): Promise<number> {
    const res = await this.link.local(text, { claims: [ULSTFILE] }, signal);
    const n = Number(ULSTFILE.exec(res.lines[0] ?? '')?.[1]);
    if (!Number.isSafeInteger(n)) throw new FtpError('PROTOCOL', `${text}: no +ULSTFILE: <bytes> in the answer`, { command: text });
    return n;
  }
}
