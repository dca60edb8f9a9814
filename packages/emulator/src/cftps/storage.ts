/**
 * Module storage as FTP(S) uses it (A-MAN ch. 12/13, S-MAN file system and
 * file transmission; digest §5.3, §7.2): files by drive (`C:`/`D:` on A76xx,
 * `F:`/`D:`/`E:` on SIM7600), written with `AT+CFTRANRX`, read with
 * `AT+CFTRANTX` (frames like `CFTPSGET`'s, spelled `DATA, <len>` as the
 * examples print them), sized with `AT+FSATTRI`, deleted with `AT+FSDEL`.
 * Flash: files survive a restart.
 */
import { intInRange, textArg } from '../common/at-parse.js';
import type { CommandHandler } from '../common/modem-core.js';
import { promptAndCapture } from './capture.js';
import type { CftpsContext } from './context.js';
import { framesFor } from './get.js';
import type { CftpsProfile } from './profile.js';

/** "Could be up to 3 MB over UART" (A-MAN §13, CFTRANRX). */
const MAX_RX = 3 * 1024 * 1024;
/** Size reported by `AT+FSMEM` for the default drive [I: not in the digest]. */
const DRIVE_BYTES = 4 * 1024 * 1024;
/** The date S-AN §5.2.3 prints for a file of a module without network time. */
const NO_CLOCK_DATE = '1980/01/06 15:58:13 Sun';

export class ModuleStore {
  readonly #files = new Map<string, Buffer>();

  constructor(private readonly profile: CftpsProfile) {}

  /** `d:/MyDir/t1.txt` → `D:/MyDir/t1.txt`; a bare name lives on the first drive; unknown drive → undefined. */
  path(name: string): string | undefined {
    const m = /^([A-Za-z]):\/?(.*)$/.exec(name);
    const drive = m ? `${(m[1] as string).toUpperCase()}:` : this.profile.drives[1];
    const rest = m ? (m[2] as string) : name;
    if (!drive || !Object.values(this.profile.drives).includes(drive) || rest === '') return undefined;
    return `${drive}/${rest}`;
  }

  /** Where `CFTPSGETFILE` / `CFTPSPUTFILE` keep `remote` in `<dir>`: its base name on that drive. */
  local(remote: string, dir: number): string | undefined {
    const drive = this.profile.drives[dir];
    const base = remote.split('/').pop() ?? '';
    return drive && base !== '' ? `${drive}/${base}` : undefined;
  }

  get(path: string): Buffer | undefined {
    return this.#files.get(path);
  }

  set(path: string, data: Buffer): void {
    this.#files.set(path, data);
  }

  delete(path: string): boolean {
    return this.#files.delete(path);
  }

  used(): number {
    let n = 0;
    for (const f of this.#files.values()) n += f.length;
    return n;
  }
}

export function storageCommands(ctx: CftpsContext, store: ModuleStore): Record<string, CommandHandler> {
  const { core, profile } = ctx;
  const out = core.out;
  const named = (arg: Parameters<typeof textArg>[0]): string | undefined => {
    const text = textArg(arg, profile.maxPath);
    return text === undefined ? undefined : store.path(text);
  };
  return {
    // `AT+CFTRANRX="<path>",<len>[,<reserved>[,<location>]]`: `>`, exactly <len> bytes, OK; the file must not exist (A-MAN note 1).
    '+CFTRANRX': (cmd) => {
      const path = named(cmd.args[0]);
      const length = intInRange(cmd.args[1], 1, MAX_RX);
      if (cmd.form !== 'write' || !path || length === undefined || cmd.args.length > 4 || store.get(path)) return out.error();
      promptAndCapture(core, length, (bytes) => {
        store.set(path, bytes);
        out.ok();
      });
    },
    // `AT+CFTRANTX="<path>"[,<location>[,<size>]]`: frames from <location>, then `+CFTRANTX: 0`, then OK (A-MAN §13.2.2).
    '+CFTRANTX': async (cmd) => {
      const path = named(cmd.args[0]);
      const data = path === undefined ? undefined : store.get(path);
      const from = cmd.args.length > 1 ? intInRange(cmd.args[1], 0, MAX_RX) : 0;
      const size = cmd.args.length > 2 ? intInRange(cmd.args[2], 1, MAX_RX) : undefined;
      if (cmd.form !== 'write' || !data || from === undefined || (cmd.args.length > 2 && size === undefined) || cmd.args.length > 3) return out.error();
      const frames = framesFor(ctx, '+CFTRANTX', (n) => `+CFTRANTX: DATA, ${n}`);
      await frames.write(data.subarray(from, size === undefined ? undefined : from + size));
      out.line('+CFTRANTX: 0');
      out.ok();
    },
    '+FSATTRI': (cmd) => {
      const path = named(cmd.args[0]);
      const data = path === undefined ? undefined : store.get(path);
      if (cmd.form !== 'write' || !data) return out.error();
      out.respond([`+FSATTRI: ${data.length}${profile.fsattriDate ? `,${NO_CLOCK_DATE}` : ''}`]);
    },
    '+FSDEL': (cmd) => {
      const path = named(cmd.args[0]);
      if (cmd.form !== 'write' || !path || !store.delete(path)) return out.error();
      out.ok();
    },
    '+FSMEM': (cmd) => (cmd.form === 'exec' ? out.respond([`+FSMEM: ${profile.drives[1] as string}(${DRIVE_BYTES},${store.used()})`]) : out.error()),
  };
}
