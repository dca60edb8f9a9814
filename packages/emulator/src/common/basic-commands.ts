import type { AtCommand } from './at-parse.js';
import { intArg } from './at-parse.js';
import type { CommandHandler, ModemCore } from './modem-core.js';

/** Identification and radio state a model reports (VENDOR-FACTS §A.8 / §B.8). */
export interface ModemIdentity {
  /** `AT+CGMI` / `AT+GMI`. */
  manufacturer: string;
  /** `AT+CGMM` / `AT+GMM`. */
  model: string;
  /** `AT+CGMR` / `AT+GMR`. */
  revision: string;
  /** The exact `ATI` lines. */
  ati: string[];
  /** `AT+CSQ` value, e.g. `'20,99'`. */
  csq: string;
  /** `AT+CEREG?` value, e.g. `'0,1'`. */
  cereg: string;
}

/**
 * The commands both models answer the same way: `AT`, `ATE0/1`, `ATI`,
 * `AT+CGMI/GMI`, `AT+CGMM/GMM`, `AT+CGMR/GMR`, `AT+CMEE`, `AT+CPIN?`,
 * `AT+CSQ`, `AT+CGATT?`, `AT+CEREG?`. Anything not registered answers `ERROR`.
 */
export function basicCommands(core: ModemCore, id: ModemIdentity): Record<string, CommandHandler> {
  const out = core.out;
  const plain = (lines: () => string[]): CommandHandler => (cmd: AtCommand) => {
    if (cmd.form === 'test') return out.ok();
    if (cmd.form !== 'exec') return out.error();
    out.respond(lines());
  };
  const query = (name: string, value: () => string): CommandHandler => (cmd: AtCommand) => {
    if (cmd.form === 'read') return out.respond([`${name}: ${value()}`]);
    if (cmd.form === 'test') return out.ok();
    out.error();
  };
  return {
    AT: (cmd) => (cmd.form === 'exec' ? out.ok() : out.error()),
    E: (cmd) => {
      const v = cmd.form === 'exec' ? 0 : intArg(cmd.args[0]);
      if (v !== 0 && v !== 1) return out.error();
      core.reader.echoEnabled = v === 1;
      out.ok();
    },
    I: plain(() => id.ati),
    '+CGMI': plain(() => [id.manufacturer]),
    '+GMI': plain(() => [id.manufacturer]),
    '+CGMM': plain(() => [id.model]),
    '+GMM': plain(() => [id.model]),
    '+CGMR': plain(() => [id.revision]),
    '+GMR': plain(() => [id.revision]),
    '+CMEE': (cmd) => {
      if (cmd.form === 'read') return out.respond([`+CMEE: ${out.cmee}`]);
      if (cmd.form === 'test') return out.respond(['+CMEE: (0-2)']);
      const v = intArg(cmd.args[0]);
      if (cmd.form !== 'write' || v === undefined || v < 0 || v > 2) return out.error();
      out.cmee = v;
      out.ok();
    },
    '+CPIN': query('+CPIN', () => 'READY'),
    '+CSQ': (cmd) => (cmd.form === 'exec' ? out.respond([`+CSQ: ${id.csq}`]) : cmd.form === 'test' ? out.respond(['+CSQ: (0-31,99),(0-7,99)']) : out.error()),
    '+CGATT': query('+CGATT', () => '1'),
    '+CEREG': query('+CEREG', () => id.cereg),
  };
}
