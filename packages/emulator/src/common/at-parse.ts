/**
 * Splits an AT command line into name, form and arguments (V.250 syntax as both vendors' manuals use it).
 * Dialect-free: models interpret the values.
 */

/** One argument as typed: quoted strings keep their quotes' information. */
export interface AtArg {
  text: string;
  quoted: boolean;
}

export interface AtCommand {
  /** The line as received, without its CR. */
  raw: string;
  /** Upper-cased name: `AT` for a bare AT, `E` for ATE1, `+QFTPCFG`, `S12`, `I`, `O`… */
  name: string;
  /** `exec` (AT+X / ATI), `test` (AT+X=?), `read` (AT+X?), `write` (AT+X=… / ATE1 / ATS12=25). */
  form: 'exec' | 'test' | 'read' | 'write';
  /** Arguments of a write; `undefined` where a position was left empty (`a,,b`). */
  args: Array<AtArg | undefined>;
}

/**
 * Parses one line; `undefined` when it does not start with `AT` or a quote is left open (both answer
 * `ERROR`).
 */
export function parseAtCommand(raw: string): AtCommand | undefined {
  if (!/^at/i.test(raw)) return undefined;
  const body = raw.slice(2);
  if (body.length === 0) return { raw, name: 'AT', form: 'exec', args: [] };
  const ext = /^([+&$^#%][A-Za-z0-9_]+)(=\?|\?|=)?(.*)$/s.exec(body);
  if (ext) return build(raw, (ext[1] as string).toUpperCase(), ext[2], ext[3] ?? '');
  // Basic commands: one letter plus an optional number (ATE1, ATI, ATO, ATS12=25, ATS12?).
  const basic = /^(S\d+|[A-Za-z])(\d*)(=\?|\?|=)?(.*)$/s.exec(body);
  if (!basic) return { raw, name: body.toUpperCase(), form: 'exec', args: [] };
  const name = (basic[1] as string).toUpperCase();
  const digits = basic[2] ?? '';
  if (digits !== '' && basic[3] === undefined) return { raw, name, form: 'write', args: [{ text: digits, quoted: false }] };
  return build(raw, name, basic[3], basic[4] ?? '');
}

function build(raw: string, name: string, op: string | undefined, rest: string): AtCommand | undefined {
  if (op === '=?') return { raw, name, form: 'test', args: [] };
  if (op === '?') return { raw, name, form: 'read', args: [] };
  if (op === '=') {
    const args = splitArgs(rest);
    return args && { raw, name, form: 'write', args };
  }
  return { raw, name, form: 'exec', args: rest.length > 0 ? [{ text: rest, quoted: false }] : [] };
}

/**
 * Splits on commas outside double quotes; spaces outside quotes are ignored (`".", "RAM:x"`). An unterminated
 * quote, or text after a closing quote, is a syntax error (`undefined`), as on the modules.
 */
export function splitArgs(text: string): Array<AtArg | undefined> | undefined {
  const out: Array<AtArg | undefined> = [];
  let inside = '';
  let outside = '';
  let quoted = false;
  let inQuotes = false;
  let malformed = false;
  const push = (): void => {
    const bare = outside.trim();
    if (quoted && bare !== '') malformed = true;
    out.push(quoted ? { text: inside, quoted: true } : bare === '' ? undefined : { text: bare, quoted: false });
    inside = '';
    outside = '';
    quoted = false;
  };
  for (const ch of text) {
    if (ch === '"') {
      inQuotes = !inQuotes;
      quoted = true;
    } else if (inQuotes) inside += ch;
    else if (ch === ',') push();
    else outside += ch;
  }
  push();
  return inQuotes || malformed ? undefined : out;
}

/** An integer argument, or `undefined` when absent or not an integer. */
export function intArg(arg: AtArg | undefined): number | undefined {
  if (!arg || arg.quoted || !/^-?\d+$/.test(arg.text)) return undefined;
  return Number.parseInt(arg.text, 10);
}

/** An integer argument within `[min, max]`, or `undefined`. */
export function intInRange(arg: AtArg | undefined, min: number, max: number): number | undefined {
  const value = intArg(arg);
  return value !== undefined && value >= min && value <= max ? value : undefined;
}

/** A string argument of at most `maxLength` characters (quotes optional), or `undefined`. */
export function textArg(arg: AtArg | undefined, maxLength: number): string | undefined {
  return arg && arg.text.length <= maxLength ? arg.text : undefined;
}
