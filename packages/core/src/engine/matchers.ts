/**
 * How a command or a waiter recognises a line: a prefix string (compared with
 * optional spaces after the colon ignored, since vendor documents print both
 * `+FTPSIZE: 1,0` and `+FTPSIZE:1,0`), a regular expression, or a predicate.
 */
export type LineMatcher = string | RegExp | ((line: string) => boolean);

/** True when `line` is recognised by `matcher`. */
export function matchLine(matcher: LineMatcher, line: string): boolean {
  if (typeof matcher === 'function') return matcher(line);
  if (matcher instanceof RegExp) return matcher.test(line);
  if (line.startsWith(matcher)) return true;
  // '+FTPGET: ' also matches '+FTPGET:' written without the space, and vice versa.
  const colon = matcher.indexOf(':');
  if (colon < 0) return false;
  const head = matcher.slice(0, colon + 1);
  if (!line.startsWith(head)) return false;
  return line.slice(colon + 1).trimStart().startsWith(matcher.slice(colon + 1).trimStart());
}

/** True when any matcher recognises `line`. */
export function matchAny(matchers: readonly LineMatcher[] | undefined, line: string): boolean {
  return matchers !== undefined && matchers.some((m) => matchLine(m, line));
}

/**
 * The comma-separated fields after a `+NAME:` prefix, with surrounding quotes
 * removed: `+QFTPGET: 0,1024` → `['0', '1024']`. Quoted fields may contain commas.
 */
export function urcFields(line: string): string[] {
  const colon = line.indexOf(':');
  const body = colon < 0 ? line : line.slice(colon + 1);
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of body.trim()) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(current.trim());
      current = '';
    } else current += ch;
  }
  fields.push(current.trim());
  return fields;
}
