import { intArg, type AtCommand } from '../common/at-parse.js';
import type { AtOutput } from '../common/output.js';

/** SSL context settings, item → values exactly as typed (strings keep quotes). */
export type SslContexts = Map<number, Map<string, string>>;

/** Items and defaults the emulator knows (VENDOR-FACTS §B.5); others are stored as given. */
const DEFAULTS: Readonly<Record<string, string>> = {
  sslversion: '4',
  ciphersuite: '0XFFFF',
  seclevel: '0',
  cacert: '""',
  clientcert: '""',
  clientkey: '""',
  ignorelocaltime: '1',
  negotiatetime: '300',
  sni: '0',
};

const TEST_LINES = [
  '+QSSLCFG: "sslversion",(0-5),(0-4)',
  '+QSSLCFG: "ciphersuite",(0-5),(0X0035,0X002F,0X0005,0X000A,0X003D,0XC003,0XC004,0XC005,0XC008,0XC009,0XC00A,0XC012,0XC013,0XC014,0XC00D,0XC00E,0XC00F,0XC023,0XC024,0XC025,0XC026,0XC027,0XC028,0XC029,0XC02A,0XC02F,0XC030,0XFFFF)',
  '+QSSLCFG: "cacert",(0-5),<cacertpath>',
  '+QSSLCFG: "clientcert",(0-5),<client_cert_path>',
  '+QSSLCFG: "clientkey",(0-5),<client_key_path>',
  '+QSSLCFG: "seclevel",(0-5),(0-2)',
  '+QSSLCFG: "ignorelocaltime",(0-5),(0,1)',
  '+QSSLCFG: "negotiatetime",(0-5),(10-300)',
  '+QSSLCFG: "sni",(0-5),(0,1)',
];

/** Reads one setting of a context (defaults included), unquoted. */
export function sslSetting(contexts: SslContexts, ctx: number, item: string): string {
  const raw = contexts.get(ctx)?.get(item) ?? DEFAULTS[item] ?? '';
  return raw.replace(/^"|"$/g, '');
}

/** AT+QSSLCFG="<item>",<ctx>[,<value>…]: the value omitted queries it. */
export function handleQsslcfg(cmd: AtCommand, contexts: SslContexts, out: AtOutput): void {
  if (cmd.form === 'test') return out.respond(TEST_LINES);
  const item = cmd.args[0];
  const ctx = intArg(cmd.args[1]);
  if (cmd.form !== 'write' || !item?.quoted || ctx === undefined || ctx < 0 || ctx > 5) return out.error();
  const name = item.text.toLowerCase();
  const values = cmd.args.slice(2);
  const settings = contexts.get(ctx) ?? new Map<string, string>();
  contexts.set(ctx, settings);
  if (values.length === 0) {
    const value = settings.get(name) ?? DEFAULTS[name];
    if (value === undefined) return out.error();
    return out.respond([`+QSSLCFG: "${name}",${ctx},${value}`]);
  }
  settings.set(name, values.map((v) => (v === undefined ? '' : v.quoted ? `"${v.text}"` : v.text)).join(','));
  out.ok();
}
