/**
 * Splits one AT command line into its name, form and arguments.
 *
 * SIMCom command syntax (AT manual V1.05 §1.4): `AT<name>` (execute),
 * `AT<name>?` (read), `AT<name>=?` (test), `AT<name>=<args>` (write). Basic
 * V.25ter commands carry their value inline (`ATE0`).
 */

/** How a command was invoked. */
export type AtForm = 'exec' | 'read' | 'test' | 'write';

/** One argument of a write command. */
export interface AtArg {
  /** The text without surrounding quotes. */
  text: string;
  /** Whether the host wrote it in double quotes. */
  quoted: boolean;
}

/** A parsed command line. */
export interface AtLine {
  /** Upper-case name without `AT`, e.g. `+FTPGET`, `E`, `I`, `` (bare `AT`). */
  name: string;
  form: AtForm;
  /** Write-form arguments (empty for other forms). */
  args: AtArg[];
  /** Inline value of a basic command (`ATE0` → `0`). */
  inline: string;
}

/** Parses `line`; returns undefined when it does not start with `AT`. */
export function parseAtLine(line: string): AtLine | undefined {
  if (!/^at/i.test(line)) return undefined;
  const body = line.slice(2);
  if (body.startsWith('+') || body.startsWith('&')) {
    const match = /^([+&][A-Za-z0-9_]+)(.*)$/.exec(body);
    if (!match) return undefined;
    const name = (match[1] as string).toUpperCase();
    const rest = match[2] as string;
    if (rest === '') return { name, form: 'exec', args: [], inline: '' };
    if (rest === '?') return { name, form: 'read', args: [], inline: '' };
    if (rest === '=?') return { name, form: 'test', args: [], inline: '' };
    if (rest.startsWith('=')) {
      const args = splitArgs(rest.slice(1));
      return args ? { name, form: 'write', args, inline: '' } : undefined;
    }
    return undefined;
  }
  // Basic command: one letter plus an optional inline value (ATE0, ATI, ATV1).
  if (body === '') return { name: '', form: 'exec', args: [], inline: '' };
  const name = (body[0] as string).toUpperCase();
  const inline = body.slice(1);
  if (inline === '?') return { name, form: 'read', args: [], inline: '' };
  return { name, form: 'exec', args: [], inline };
}

/** Splits `a,"b,c",3` into arguments; undefined on an unterminated quote. */
export function splitArgs(text: string): AtArg[] | undefined {
  const args: AtArg[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return undefined;
      args.push({ text: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      while (text[i] === ' ') i++;
    } else {
      const comma = text.indexOf(',', i);
      const stop = comma < 0 ? text.length : comma;
      args.push({ text: text.slice(i, stop).trim(), quoted: false });
      i = stop;
    }
    if (i >= text.length) return args;
    if (text[i] !== ',') return undefined;
    i++;
  }
}

/** Reads an unquoted decimal integer in `[min, max]`; undefined when invalid. */
export function intArg(arg: AtArg | undefined, min: number, max: number): number | undefined {
  if (!arg || arg.quoted || !/^\d+$/.test(arg.text)) return undefined;
  const value = Number(arg.text);
  return value >= min && value <= max ? value : undefined;
}

/** Reads a string argument of at most `maxLength` characters (quotes optional, tolerated both ways). */
export function stringArg(arg: AtArg | undefined, maxLength: number): string | undefined {
  if (!arg) return undefined;
  return arg.text.length <= maxLength ? arg.text : undefined;
}
