/** Where the CLI writes, and what it knows about the terminal. Injectable so tests can run it in-process. */
export interface CliStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Wraps the streams so every line the CLI writes passes through `scrub`.
 * The SDK already redacts what it knows; this is the CLI's own guarantee
 * that a password it was handed is never printed, whatever path a message took.
 */
export class Console {
  readonly #secrets = new Set<string>();

  constructor(readonly streams: CliStreams) {}

  /** Registers a string that must never be printed. */
  secret(value: string | undefined): void {
    if (value) this.#secrets.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    // A password may reach us URL-encoded (from an ftp:// URL) as well.
    for (const s of this.#secrets) {
      const encoded = encodeURIComponent(s);
      if (encoded !== s) out = out.split(encoded).join('***');
    }
    return out;
  }

  out(text: string): void {
    this.streams.stdout.write(this.scrub(text.endsWith('\n') ? text : `${text}\n`));
  }

  err(text: string): void {
    this.streams.stderr.write(this.scrub(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** True when progress bars may be drawn: stderr is a terminal. */
  get interactive(): boolean {
    return this.streams.stderr.isTTY === true;
  }
}
