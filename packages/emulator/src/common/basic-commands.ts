import type { AtCommand } from './at-parse.js';
import { intInRange } from './at-parse.js';
import type { CommandHandler, ModemCore } from './modem-core.js';

/**
 * Identification and radio state a model reports (VENDOR-FACTS §A.8 / §B.8), as the manuals' examples print
 * them: each dialect writes its own table.
 */
export interface BasicTable {
  /** Execute-form answers (`ATI`, `AT+CGMI`, `AT+CSQ` …): the information lines before `OK`. */
  exec: Readonly<Record<string, readonly string[]>>;
  /** Read-form answers (`AT+CPIN?` …): one line before `OK`. */
  read: Readonly<Record<string, string>>;
  /** Test-form lines; a name in `exec` or `read` without one here answers a bare `OK`. */
  test: Readonly<Record<string, string>>;
  /**
   * The power-down command and what it prints before the module goes silent (`AT+QPOWD` → `OK`, `POWERED
   * DOWN`; SIMCom `AT+CPOF` → `OK` only).
   */
  powerDown: { command: string; ok: boolean; line?: string };
  /**
   * `+CME ERROR` code for a bad value of `ATE`, `AT+CMEE`, `AT+CEREG=` (SIMCom 50); plain `ERROR` when
   * absent.
   */
  parameterError?: number;
}

/**
 * The commands every model answers alike from its {@link BasicTable}: `AT`, `ATE0/1`, `ATZ`, `AT&F`, `AT&W`,
 * `AT+CMEE`, `AT+CEREG=<n>`, `AT+CFUN` (`=1,1` restarts the module), the power-down command, and the table's
 * identification and status commands. Anything not registered answers `ERROR`.
 */
export function basicCommands(core: ModemCore, table: BasicTable): Record<string, CommandHandler> {
  const out = core.out;
  const bad = (): void => (table.parameterError === undefined ? out.error() : out.cmeError(table.parameterError));
  const ok: CommandHandler = (cmd) => (cmd.form === 'exec' ? out.ok() : out.error());
  const handlers: Record<string, CommandHandler> = {
    AT: ok,
    Z: ok,
    '&F': ok,
    '&W': ok,
    E: (cmd) => {
      const v = cmd.form === 'exec' ? 0 : intInRange(cmd.args[0], 0, 1);
      if (v === undefined || cmd.form === 'read' || cmd.form === 'test') return bad();
      core.reader.echoEnabled = v === 1;
      out.ok();
    },
    '+CMEE': (cmd) => {
      if (cmd.form === 'read') return out.respond([`+CMEE: ${out.cmee}`]);
      if (cmd.form === 'test') return out.respond(['+CMEE: (0-2)']);
      const v = cmd.form === 'exec' ? 0 : intInRange(cmd.args[0], 0, 2);
      if (v === undefined || cmd.args.length > 1) return bad();
      out.cmee = v;
      out.ok();
    },
  };
  const names = new Set([...Object.keys(table.exec), ...Object.keys(table.read)]);
  for (const name of names) {
    handlers[name] = (cmd: AtCommand) => {
      const exec = table.exec[name];
      const read = table.read[name];
      if (cmd.form === 'exec' && exec) return out.respond(exec);
      if (cmd.form === 'read' && read !== undefined) return out.respond([read]);
      if (cmd.form === 'test') return out.respond(table.test[name] ? [table.test[name] as string] : []);
      if (cmd.form === 'write' && name === '+CEREG') return intInRange(cmd.args[0], 0, 5) === undefined ? bad() : out.ok();
      out.error();
    };
  }
  handlers['+CFUN'] = (cmd) => {
    if (cmd.form === 'read') return out.respond(['+CFUN: 1']);
    if (cmd.form === 'test') return out.respond(['+CFUN: (0,1,4),(0,1)']);
    const fun = intInRange(cmd.args[0], 0, 4);
    const reset = cmd.args.length > 1 ? intInRange(cmd.args[1], 0, 1) : 0;
    if (cmd.form !== 'write' || fun === undefined || fun === 2 || fun === 3 || reset === undefined || cmd.args.length > 2) return bad();
    out.ok();
    // <rst> 1: the module resets (start-up lines again, every session gone), as it does on real firmware.
    if (reset === 1) return core.reboot();
  };
  const { command, line } = table.powerDown;
  handlers[command] = (cmd) => {
    if (cmd.form === 'test') return out.ok();
    if (table.powerDown.ok) out.ok();
    core.powerDown(line);
  };
  return handlers;
}
