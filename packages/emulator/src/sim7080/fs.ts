/**
 * The module's flash file system as far as FTP needs it: the target of AT+FTPEXTGET=2 and the place certificates are uploaded to before
 * AT+CSSLCFG="CONVERT" (AT manual V1.05 ch. 9, VENDOR-FACTS A.7).
 */
import { Cme } from './errors.js';
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { AtOutput } from '../common/output.js';

/** `<dir>` values 0–3 (AT+CFSWFILE, AT+FTPEXTGET=2). */
export const FS_DIRS = ['/custapp/', '/fota/', '/datatx/', '/customer/'] as const;

/** Free space a fresh SIM7080 reports (`AT+CFSGFRS?`, VENDOR-FACTS A.7). */
const CAPACITY = 6_391_808;

/** Receives exactly `length` raw host bytes within `timeoutMs`, or undefined on time-out. */
export type RawCapture = (length: number, timeoutMs: number | undefined, done: (bytes: Buffer | undefined) => void) => void;

export class ModuleFs {
  readonly #files = new Map<string, Buffer>();
  /** AT+CFSINIT … AT+CFSTERM bracket (the module allocates a buffer). */
  #initialised = false;

  static key(dir: number, name: string): string {
    return `${FS_DIRS[dir] ?? '/'}${name}`;
  }

  read(dir: number, name: string): Buffer | undefined {
    return this.#files.get(ModuleFs.key(dir, name));
  }

  write(dir: number, name: string, data: Buffer): void {
    this.#files.set(ModuleFs.key(dir, name), data);
  }

  delete(dir: number, name: string): boolean {
    return this.#files.delete(ModuleFs.key(dir, name));
  }

  free(): number {
    let used = 0;
    for (const data of this.#files.values()) used += data.length;
    return Math.max(0, CAPACITY - used);
  }

  /** Dispatches AT+CFS*; returns false when `cmd` is not one of them. */
  command(cmd: AtCommand, out: AtOutput, capture: RawCapture): boolean {
    const [a0, a1, a2, a3, a4] = cmd.args;
    switch (cmd.name) {
      case '+CFSINIT':
        if (this.#initialised) out.cmeError(Cme.notAllowed);
        else ((this.#initialised = true), out.ok());
        return true;
      case '+CFSTERM':
        this.#initialised = false;
        out.ok();
        return true;
      case '+CFSGFRS':
        out.line(`+CFSGFRS: ${this.free()}`);
        out.ok();
        return true;
      case '+CFSWFILE': {
        const dir = intInRange(a0, 0, 3);
        const name = textArg(a1, 230);
        const mode = intInRange(a2, 0, 1);
        const size = intInRange(a3, 1, 10240);
        const time = intInRange(a4, 100, 10000);
        if (dir === undefined || !name || mode === undefined || size === undefined || time === undefined) {
          out.cmeError(Cme.parameter);
          return true;
        }
        if (!this.#initialised) return (out.cmeError(Cme.notAllowed), true);
        out.line('DOWNLOAD');
        capture(size, time, (bytes) => {
          if (!bytes) return out.cmeError(Cme.notAllowed);
          const before = mode === 1 ? (this.read(dir, name) ?? Buffer.alloc(0)) : Buffer.alloc(0);
          this.write(dir, name, Buffer.concat([before, bytes]));
          out.ok();
        });
        return true;
      }
      case '+CFSRFILE': {
        const dir = intInRange(a0, 0, 3);
        const name = textArg(a1, 230);
        const mode = intInRange(a2, 0, 1);
        const size = intInRange(a3, 1, 10240);
        const pos = a4 === undefined ? 0 : intInRange(a4, 0, CAPACITY);
        const data = dir === undefined || !name ? undefined : this.read(dir, name);
        if (mode === undefined || size === undefined || pos === undefined || !data || !this.#initialised) {
          out.cmeError(data ? Cme.parameter : Cme.notAllowed);
          return true;
        }
        const slice = data.subarray(mode === 1 ? pos : 0).subarray(0, size);
        out.line(`+CFSRFILE: ${slice.length}`);
        out.raw(slice);
        out.ok();
        return true;
      }
      case '+CFSDFILE': {
        const dir = intInRange(a0, 0, 3);
        const name = textArg(a1, 230);
        if (dir !== undefined && name && this.delete(dir, name)) out.ok();
        else out.cmeError(Cme.notAllowed);
        return true;
      }
      case '+CFSGFIS': {
        const dir = intInRange(a0, 0, 3);
        const data = dir === undefined || !a1 ? undefined : this.read(dir, a1.text);
        if (data) (out.line(`+CFSGFIS: ${data.length}`), out.ok());
        else out.cmeError(Cme.notAllowed);
        return true;
      }
      default:
        return false;
    }
  }

  /** AT+CFSINIT state is RAM only; files survive a reboot. */
  reboot(): void {
    this.#initialised = false;
  }
}
