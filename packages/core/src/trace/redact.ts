/** The shortest user name worth redacting (the CLI applies the same rule to its own output). */
export const MIN_REDACTED_USER = 4;

/**
 * Remembers secret strings (passwords, user names) and replaces them with
 * `***` wherever text leaves the engine: traces, error messages, commands
 * carried by errors. Drivers register secrets before the first command that
 * carries them, so even an echo of that command is redacted.
 */
export class SecretRedactor {
  readonly #secrets = new Set<string>();

  /** Passwords and other secrets: redacted whatever their length. */
  add(...secrets: ReadonlyArray<string | undefined>): void {
    for (const secret of secrets) if (secret) this.#secrets.add(secret);
  }

  /**
   * A login name. Redacted only from four characters on, and never the
   * conventional `anonymous`: a one-letter name would blank that letter out of
   * every trace line, and such names identify nobody.
   */
  addUser(user: string | undefined): void {
    if (user && user.length >= MIN_REDACTED_USER && user.toLowerCase() !== 'anonymous') this.#secrets.add(user);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return out;
  }
}
