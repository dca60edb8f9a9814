/** The shortest user name worth redacting (the CLI applies the same rule to its own output). */
export const MIN_REDACTED_USER = 4;

/**
 * Secrets at least this long are blanked wherever they appear; shorter ones
 * only where they stand as a value. Replacing every `p` turns
 * `cannot open /dev/none` into `cannot o***en /dev/no***e` and hides nothing;
 * eight characters are distinctive enough to blank anywhere (the CLI's rule too).
 */
export const MIN_SCRUB_ANYWHERE = 8;

/**
 * A URL's password field, `scheme://user:password@`: blanked whether or not
 * the password was registered, since it is a secret by position. Raw `/`, `@`
 * and whitespace cannot be inside it (a URL percent-encodes them).
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@"]*):[^\s/@"]+@/gi;

/**
 * Remembers secret strings (passwords, user names) and replaces them with
 * `***` wherever text leaves the engine: traces, error messages, commands
 * carried by errors. Drivers register secrets before the first command that
 * carries them, so even an echo of that command is redacted.
 *
 * A secret of {@link MIN_SCRUB_ANYWHERE} characters or more goes wherever it
 * appears, also percent-encoded. A shorter one goes where the engine writes
 * secrets: as the whole of a quoted AT argument (`AT+FTPPW="p"`,
 * `…,"user","p",3`) or as a URL's password (`//user:p@`, also
 * percent-encoded), so that a one-letter password leaves `AT+QFTPOPEN` and
 * `/dev/none` readable.
 */
export class SecretRedactor {
  readonly #secrets = new Set<string>();
  /** Sorted longest first, so a secret that contains another is replaced whole; rebuilt on change. */
  #long: string[] = [];
  #short: string[] = [];

  /** Passwords and other secrets: redacted whatever their length. */
  add(...secrets: ReadonlyArray<string | undefined>): void {
    for (const secret of secrets) if (secret) this.#remember(secret);
  }

  /**
   * A login name. Redacted only from four characters on, and never the
   * conventional `anonymous`: such names identify nobody.
   */
  addUser(user: string | undefined): void {
    if (user && user.length >= MIN_REDACTED_USER && user.toLowerCase() !== 'anonymous') this.#remember(user);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#long) out = replaceAll(replaceAll(out, secret), encodeURIComponent(secret));
    if (this.#short.length > 0) {
      if (out.includes('"')) out = this.#quotedValues(out);
      if (out.includes('@')) out = this.#userinfoValues(out);
    }
    return out.includes('://') ? out.replace(URL_PASSWORD, '$1:***@') : out;
  }

  #remember(secret: string): void {
    if (this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    const byLength = [...this.#secrets].sort((a, b) => b.length - a.length);
    // A short secret holding a quote cannot be told apart as a quoted value: blank it anywhere.
    const anywhere = (s: string): boolean => s.length >= MIN_SCRUB_ANYWHERE || s.includes('"');
    this.#long = byLength.filter(anywhere);
    this.#short = byLength.filter((s) => !anywhere(s));
  }

  /** Splitting at quotes puts every quoted argument's content at an odd index (AT arguments cannot hold a quote). */
  #quotedValues(text: string): string {
    const parts = text.split('"');
    let changed = false;
    for (let i = 1; i < parts.length; i += 2) {
      if (this.#short.includes(parts[i] as string)) {
        parts[i] = '***';
        changed = true;
      }
    }
    return changed ? parts.join('"') : text;
  }

  /** `user:secret@`: the password field of a URL's userinfo, plain or percent-encoded. */
  #userinfoValues(text: string): string {
    let out = text;
    for (const secret of this.#short) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) out = replaceAll(out, `:${form}@`, ':***@');
    }
    return out;
  }
}

function replaceAll(text: string, needle: string, by = '***'): string {
  return text.includes(needle) ? text.split(needle).join(by) : text;
}
