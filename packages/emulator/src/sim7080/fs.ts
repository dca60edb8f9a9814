/**
 * The module's flash file system as far as FTP needs it: the target of AT+FTPEXTGET=2 and the place
 * certificates are uploaded to before AT+CSSLCFG="CONVERT" (AT manual V1.05 ch. 9, VENDOR-FACTS A.7).
 */
import { intInRange, textArg } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import type { AtOutput } from '../common/output.js';
import { Cme } from './errors.js';

/** `<dir>` values 0–3 (AT+CFSWFILE, AT+FTPEXTGET=2). */
export const FS_DIRS = ['/custapp/', '/fota/', '/datatx/', '/customer/'] as const;

/** Free space a fresh SIM7080 reports (`AT+CFSGFRS?`, VENDOR-FACTS A.7). */
const CAPACITY = 6_391_808;

/** Receives exactly `length` raw host bytes within `timeoutMs`, or undefined on time-out. */
export type RawCapture = (length: number, timeoutMs: number | undefined, done: (bytes: Buffer | undefined) => void) => void;

export class ModuleFs {
  readonly #files = new Map<string, Buffer>();
  /** AT+CFSINIT … AT+CFSTERM bracket (the module allocates a buffer); RAM only, files survive a reboot. */
  initialised = false;

  read(dir: number, name: string): Buffer | undefined {
    return this.#files.get(`${FS_DIRS[dir] ?? '/'}${name}`);
  }

  write(dir: number, name: string, data: Buffer): void {
    this.#files.set(`${FS_DIRS[dir] ?? '/'}${name}`, data);
  }

  free(): number {
    let used = 0;
    for (const data of this.#files.values()) used += data.length;
    return Math.max(0, CAPACITY - used);
  }

  /** The AT+CFS* handlers. */
  commands(out: AtOutput, capture: RawCapture): Record<string, CommandHandler> {
    const refuse = (): void => out.cmeError(Cme.notAllowed);
    return {
      '+CFSINIT': () => (this.initialised ? refuse() : ((this.initialised = true), out.ok())),
      '+CFSTERM': () => ((this.initialised = false), out.ok()),
      '+CFSGFRS': () => out.respond([`+CFSGFRS: ${this.free()}`]),
      '+CFSWFILE': ({ args: [a0, a1, a2, a3, a4] }) => {
        const dir = intInRange(a0, 0, 3);
        const name = textArg(a1, 230);
        const mode = intInRange(a2, 0, 1);
        const size = intInRange(a3, 1, 10240);
        const time = intInRange(a4, 100, 10000);
        if (dir === undefined || !name || mode === undefined || size === undefined || time === undefined) return out.cmeError(Cme.parameter);
        if (!this.initialised) return refuse();
        out.line('DOWNLOAD');
        capture(size, time, (bytes) => {
          if (!bytes) return refuse();
          const before = mode === 1 ? (this.read(dir, name) ?? Buffer.alloc(0)) : Buffer.alloc(0);
          this.write(dir, name, Buffer.concat([before, bytes]));
          out.ok();
        });
      },
      '+CFSRFILE': ({ args: [a0, a1, a2, a3, a4] }) => {
        const dir = intInRange(a0, 0, 3);
        const name = textArg(a1, 230);
        const mode = intInRange(a2, 0, 1);
        const size = intInRange(a3, 1, 10240);
        const pos = a4 === undefined ? 0 : intInRange(a4, 0, CAPACITY);
        const data = dir === undefined || !name ? undefined : this.read(dir, name);
        if (mode === undefined || size === undefined || pos === undefined || !data || !this.initialised) return out.cmeError(data ? Cme.parameter : Cme.notAllowed);
        const slice = data.subarray(mode === 1 ? pos : 0).subarray(0, size);
        out.line(`+CFSRFILE: ${slice.length}`);
        out.raw(slice);
        out.ok();
      },
      '+CFSDFILE': ({ args: [a0, a1] }) => {
        const dir = intInRange(a0, 0, 3);
        const name = textArg(a1, 230);
        if (dir !== undefined && name && this.#files.delete(`${FS_DIRS[dir]}${name}`)) out.ok();
        else refuse();
      },
      '+CFSGFIS': ({ args: [a0, a1] }) => {
        const dir = intInRange(a0, 0, 3);
        const data = dir === undefined || !a1 ? undefined : this.read(dir, a1.text);
        if (data) out.respond([`+CFSGFIS: ${data.length}`]);
        else refuse();
      },
    };
  }
}
