/**
 * A secret shorter than this is redacted only where it is known to be a
 * secret (a URL's password field, the trace's command arguments): replacing
 * every `p` or `admin` in all output turns `cannot open /dev/none` into
 * `cannot o***en /dev/no***e` and hides nothing worth hiding. Eight characters
 * are distinctive enough to blank wherever they appear.
 */
export const MIN_SCRUB_ANYWHERE = 8;

/** `scheme://user:password@` → `scheme://user:***@`, wherever such a URL appears in `text`. */
export function redactUrlPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, '$1:***@');
}

/** Replaces each of `secrets` (plain and URL-encoded) with `***`, longest first so a secret containing another goes whole. */
export function replaceSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    for (const form of new Set([s, encodeURIComponent(s)])) if (out.includes(form)) out = out.split(form).join('***');
  }
  return out;
}

/**
 * Replaces each of `secrets` where it stands as a value: a whole quoted or
 * comma/`=`-separated field (`AT+FTPPW="p"`, `…,"user","p",…`), not inside a
 * word, so a one-letter password leaves `AT+QFTPOPEN` readable.
 */
export function replaceSecretValues(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(^|["=,:\\s])${escaped}(?=$|["',;\\s])`, 'g'), '$1***');
  }
  return out;
}
