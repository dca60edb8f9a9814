/**
 * What FTPS needs of the SSL commands (A-MAN §19, A-SSL): `AT+CSSLCFG` items
 * per context 0–9, certificates stored with `AT+CCERTDOWN` (listed with
 * `AT+CCERTLIST`, deleted with `AT+CCERTDELE`), and on A76xx `AT+CFTPSSLCFG`
 * binding a context to the control (0) and data (1) sessions. `authmode` ≥ 1
 * on the control context verifies the server certificate against its
 * `cacert` file, made a real trust anchor of the TLS connection.
 */
import { intInRange, textArg, type AtCommand } from '../common/at-parse.js';
import type { CommandHandler, ModemCore } from '../common/modem-core.js';
import { promptAndCapture } from './capture.js';

const ITEMS: Readonly<Record<string, { range?: [number, number]; initial: string }>> = {
  sslversion: { range: [0, 4], initial: '4' },
  authmode: { range: [0, 3], initial: '0' },
  ignorelocaltime: { range: [0, 1], initial: '1' },
  negotiatetime: { range: [10, 300], initial: '300' },
  enablesni: { range: [0, 1], initial: '0' },
  cacert: { initial: '' },
  clientcert: { initial: '' },
  clientkey: { initial: '' },
  password: { initial: '' },
};

/** A-MAN §19.2.2: one certificate is 1–10240 bytes. */
const MAX_CERT = 10240;

export class CftpsSsl {
  /** `AT+CFTPSSLCFG` bindings: [control, data] context ids. */
  readonly bound: [number, number] = [0, 0];
  /** Whether `AT+CFTPSSLCFG=1,<ctx>` bound the data session since power-on (variant `data-ssl-unbound`). */
  dataBound = false;
  readonly certs = new Map<string, Buffer>();
  #contexts = new Map<number, Record<string, string>>();

  /** The setting `item` of context `ctx`. */
  get(ctx: number, item: string): string {
    return this.#contexts.get(ctx)?.[item] ?? ITEMS[item]?.initial ?? '';
  }

  /** Trust settings for the control context: the CA to verify against when `authmode` asks for it. */
  trust(): { verify: boolean; ca?: Buffer } {
    const ctx = this.bound[0];
    const verify = Number(this.get(ctx, 'authmode')) >= 1;
    const ca = this.certs.get(this.get(ctx, 'cacert'));
    return ca ? { verify, ca } : { verify };
  }

  /** Settings are NO_SAVE; certificates live in flash and survive. */
  reset(): void {
    this.#contexts = new Map();
    this.bound[0] = 0;
    this.bound[1] = 0;
    this.dataBound = false;
  }

  handlers(core: ModemCore, withSslcfg: boolean): Record<string, CommandHandler> {
    const out = core.out;
    const table: Record<string, CommandHandler> = {
      '+CSSLCFG': (cmd) => this.#csslcfg(cmd, core),
      '+CCERTDOWN': (cmd) => {
        const name = textArg(cmd.args[0], 108);
        const length = intInRange(cmd.args[1], 1, MAX_CERT);
        if (cmd.form !== 'write' || !name || name.length < 5 || length === undefined) return out.error();
        promptAndCapture(core, length, (bytes) => {
          this.certs.set(name, bytes);
          out.ok();
        });
      },
      '+CCERTLIST': (cmd) => (cmd.form === 'exec' ? out.respond([...this.certs.keys()].map((n) => `+CCERTLIST: "${n}"`)) : out.error()),
      '+CCERTDELE': (cmd) => {
        const name = textArg(cmd.args[0], 108);
        if (cmd.form !== 'write' || !name || !this.certs.delete(name)) return out.error();
        out.ok();
      },
    };
    if (withSslcfg) {
      table['+CFTPSSLCFG'] = (cmd) => {
        if (cmd.form === 'test') return out.respond(['+CFTPSSLCFG: (0,1),(0-9)']);
        const session = intInRange(cmd.args[0], 0, 1);
        const ctx = intInRange(cmd.args[1], 0, 9);
        if (cmd.form !== 'write' || session === undefined || ctx === undefined || cmd.args.length !== 2) return out.error();
        this.bound[session] = ctx;
        if (session === 1) this.dataBound = true;
        out.ok();
      };
    }
    return table;
  }

  #csslcfg(cmd: AtCommand, core: ModemCore): void {
    const out = core.out;
    if (cmd.form === 'test') return out.respond(Object.entries(ITEMS).map(([k, v]) => `+CSSLCFG: "${k}",(0-9),${v.range ? `(${v.range[0]}-${v.range[1]})` : '<name>'}`));
    const item = cmd.args[0]?.text.toLowerCase() ?? '';
    const ctx = intInRange(cmd.args[1], 0, 9);
    const spec = ITEMS[item];
    if (cmd.form !== 'write' || !spec || ctx === undefined) return out.error();
    if (cmd.args.length === 2) {
      const value = this.get(ctx, item);
      return out.respond([`+CSSLCFG: "${item}",${ctx},${spec.range ? value : `"${value}"`}`]);
    }
    const value = spec.range ? intInRange(cmd.args[2], spec.range[0], spec.range[1]) : textArg(cmd.args[2], 108);
    if (value === undefined || cmd.args.length !== 3) return out.error();
    const values = this.#contexts.get(ctx) ?? {};
    values[item] = String(value);
    this.#contexts.set(ctx, values);
    out.ok();
  }
}
