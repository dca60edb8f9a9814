/**
 * Remembers secret strings (passwords, user names) and replaces them with
 * `***` wherever text leaves the engine: traces, error messages, commands
 * carried by errors. Drivers register secrets before the first command that
 * carries them, so even an echo of that command is redacted.
 */
export class SecretRedactor {
  readonly #secrets = new Set<string>();

  add(...secrets: ReadonlyArray<string | undefined>): void {
    for (const secret of secrets) if (secret) this.#secrets.add(secret);
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
