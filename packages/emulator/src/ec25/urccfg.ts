import type { AtCommand } from '../common/at-parse.js';
import type { AtOutput } from '../common/output.js';

/** `<urcportvalue>`s of the EC2x family (Quectel AT manuals: USB AT port, USB modem port, main UART). */
export const URC_PORTS = ['usbat', 'usbmodem', 'uart1'] as const;
export type UrcPort = (typeof URC_PORTS)[number];

/**
 * `AT+QURCCFG` — URC output port (Quectel AT Commands Manual, "Configure URC Indication Option"; not in the
 * FTP(S) AN or VENDOR-FACTS, so the syntax is taken from Quectel's AT manuals of the same family):
 * - `AT+QURCCFG=?` → `+QURCCFG: "urcport",("usbat","usbmodem","uart1")`, `OK`;
 * - `AT+QURCCFG="urcport"` (no value) queries → `+QURCCFG: "urcport","usbat"`, `OK`;
 * - `AT+QURCCFG="urcport",<value>` sets → `OK`; any error → `ERROR` (the manual's only error form).
 *
 * The manuals document no read form (`AT+QURCCFG?`): it answers `ERROR`. The value is saved to NVM at once,
 * so it survives a reboot; the default is `"usbat"` (Quectel: "The default port is USB AT port").
 */
export function handleQurccfg(cmd: AtCommand, state: { urcPort: UrcPort }, out: AtOutput): void {
  if (cmd.form === 'test') return out.respond([`+QURCCFG: "urcport",(${URC_PORTS.map((p) => `"${p}"`).join(',')})`]);
  if (cmd.form !== 'write') return out.error();
  const item = cmd.args[0];
  if (!item?.quoted || item.text.toLowerCase() !== 'urcport' || cmd.args.length > 2) return out.error();
  const value = cmd.args[1];
  if (cmd.args.length === 1) return out.respond([`+QURCCFG: "urcport","${state.urcPort}"`]);
  const port = URC_PORTS.find((p) => p === value?.text.toLowerCase());
  if (!value?.quoted || !port) return out.error();
  state.urcPort = port;
  out.ok();
}
