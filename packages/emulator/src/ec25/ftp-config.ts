import { intArg, type AtCommand } from '../common/at-parse.js';
import type { AtOutput } from '../common/output.js';
import type { FtpConfig } from './context.js';

type IntKey = Exclude<keyof FtpConfig, 'user' | 'password'>;

/**
 * Integer items of AT+QFTPCFG with their ranges (AN §2.1; `restenable` from a real EG25-G, VENDOR-FACTS
 * §B.2).
 */
const INT_ITEMS: ReadonlyArray<{ item: string; key: IntKey; min: number; max: number; range: string }> = [
  { item: 'filetype', key: 'fileType', min: 0, max: 1, range: '(0,1)' },
  { item: 'transmode', key: 'transMode', min: 0, max: 1, range: '(0,1)' },
  { item: 'contextid', key: 'contextId', min: 1, max: 16, range: '(1-16)' },
  { item: 'rsptimeout', key: 'rspTimeout', min: 20, max: 180, range: '(20-180)' },
  { item: 'ssltype', key: 'sslType', min: 0, max: 2, range: '(0-2)' },
  { item: 'sslctxid', key: 'sslCtxId', min: 0, max: 5, range: '(0-5)' },
  { item: 'restenable', key: 'restEnable', min: 0, max: 1, range: '(0,1)' },
];

/**
 * Which `AT+QFTPCFG` items a family's firmware has: EC2x `data_address` 0–2 with a timeout for 2 and
 * `restenable`; BG96 `data_address` 0/1 only and no `restenable` (BG96 FTP(S) manual §2.1 test response).
 */
export interface QftpcfgItems {
  restenable: boolean;
  /** Highest `data_address` type; 2 takes the `<data_timeout>` argument. */
  dataAddressMax: number;
}

export const EC25_QFTPCFG: QftpcfgItems = { restenable: true, dataAddressMax: 2 };

/** The test command's lines, in the AN's order. */
export function qftpcfgTestLines(items: QftpcfgItems = EC25_QFTPCFG): string[] {
  const lines = ['+QFTPCFG: "account",<username>,<password>'];
  for (const i of INT_ITEMS) if (i.item !== 'restenable') lines.push(`+QFTPCFG: "${i.item}",${i.range}`);
  lines.push(items.dataAddressMax === 2 ? '+QFTPCFG: "data_address",(0-2),(15-50)' : `+QFTPCFG: "data_address",(0,${items.dataAddressMax})`);
  if (items.restenable) lines.push('+QFTPCFG: "restenable",(0,1)');
  return lines;
}

/** AT+QFTPCFG: one item per command; the item alone queries it (AN §2.1). Bad values: `+CME ERROR: 610`. */
export function handleQftpcfg(cmd: AtCommand, cfg: FtpConfig, out: AtOutput, items: QftpcfgItems = EC25_QFTPCFG): void {
  if (cmd.form === 'test') return out.respond(qftpcfgTestLines(items));
  const itemArg = cmd.args[0];
  if (cmd.form !== 'write' || !itemArg?.quoted) return out.error();
  const item = itemArg.text.toLowerCase();
  const values = cmd.args.slice(1);
  if (item === 'account') {
    if (values.length === 0) return out.respond([`+QFTPCFG: "account","${cfg.user}","${cfg.password}"`]);
    const [user, password] = values;
    if (values.length !== 2 || (user?.text.length ?? 0) > 255 || (password?.text.length ?? 0) > 255) return out.cmeError(610);
    cfg.user = user?.text ?? '';
    cfg.password = password?.text ?? '';
    return out.ok();
  }
  if (item === 'data_address') {
    if (values.length === 0) {
      const tail = cfg.dataAddress === 2 ? `,${cfg.dataTimeout}` : '';
      return out.respond([`+QFTPCFG: "data_address",${cfg.dataAddress}${tail}`]);
    }
    const type = intArg(values[0]);
    // Without type 2 there is no timeout argument to give.
    if (items.dataAddressMax < 2 && values.length > 1) return out.cmeError(610);
    const timeout = values.length > 1 ? intArg(values[1]) : cfg.dataTimeout;
    if (type === undefined || type < 0 || type > items.dataAddressMax || timeout === undefined || timeout < 15 || timeout > 50) return out.cmeError(610);
    cfg.dataAddress = type;
    cfg.dataTimeout = timeout;
    return out.ok();
  }
  const spec = INT_ITEMS.find((i) => i.item === item && (items.restenable || i.item !== 'restenable'));
  if (!spec) return out.cmeError(610);
  if (values.length === 0) return out.respond([`+QFTPCFG: "${spec.item}",${cfg[spec.key]}`]);
  const v = intArg(values[0]);
  if (values.length !== 1 || v === undefined || v < spec.min || v > spec.max) return out.cmeError(610);
  cfg[spec.key] = v;
  out.ok();
}
