import { MIN_SCRUB_ANYWHERE, redactUrlPasswords, replaceSecrets, replaceSecretValues } from './redact.js';

/** Where the CLI writes, and what it knows about the terminal. Injectable so tests can run it in-process. */
export interface CliStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** Takes stderr lines while something (a progress bar) owns the terminal. */
export type LineSink = (text: string) => void;

/**
 * Wraps the streams so every line the CLI writes is redacted. The SDK already
 * redacts what it knows; this is the CLI's own guarantee: a URL's password
 * field never prints, the trace never shows a credential it was handed, and a
 * long (distinctive) credential is blanked wherever it appears. A short one is
 * not hunted through ordinary text, which it would only mangle.
 */
export class Console {
  readonly #trace = new Set<string>();
  readonly #anywhere = new Set<string>();
  #sink: LineSink | undefined;

  constructor(readonly streams: CliStreams) {}

  /** Registers a credential: always redacted from trace lines, from all output when long enough. */
  secret(value: string | undefined): void {
    if (!value) return;
    this.#trace.add(value);
    if (value.length >= MIN_SCRUB_ANYWHERE) this.#anywhere.add(value);
  }

  scrub(text: string): string {
    return replaceSecrets(redactUrlPasswords(text), this.#anywhere);
  }

  /** Redaction for `--trace` lines: every registered credential where it stands as a value, whatever its length. */
  scrubTrace(text: string): string {
    return replaceSecretValues(this.scrub(text), this.#trace);
  }

  out(text: string): void {
    this.streams.stdout.write(this.scrub(withNewline(text)));
  }

  err(text: string): void {
    this.#writeErr(this.scrub(withNewline(text)));
  }

  /** One `--trace` line on stderr. */
  trace(text: string): void {
    this.#writeErr(this.scrubTrace(withNewline(text)));
  }

  /**
   * Sends stderr lines to `sink` (the progress library's own log hook, which
   * prints them above the bars) until the returned function is called.
   */
  routeErrors(sink: LineSink): () => void {
    this.#sink = sink;
    return () => {
      if (this.#sink === sink) this.#sink = undefined;
    };
  }

  /** True when progress bars may be drawn: stderr is a terminal. */
  get interactive(): boolean {
    return this.streams.stderr.isTTY === true;
  }

  #writeErr(text: string): void {
    if (this.#sink) this.#sink(text);
    else this.streams.stderr.write(text);
  }
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
