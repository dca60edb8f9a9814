import { Writable } from 'node:stream';
import { runCli } from '../../src/cli.js';

/** What one in-process CLI run produced. */
export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A writable that keeps everything written to it; `isTTY` makes the CLI draw progress bars on it. */
export class Capture extends Writable {
  text = '';
  readonly columns = 100;
  constructor(readonly isTTY = false) {
    super({ write: (chunk: Buffer | string, _enc, done) => ((this.text += chunk.toString()), done()) });
  }
}

/**
 * Runs `cellftp …` inside the test process (no tsx start-up per run): the
 * same `runCli` the binary calls, with captured streams and a test-owned env.
 */
export async function runInProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { signal?: AbortSignal; tty?: boolean; stdout?: Capture } = {},
): Promise<InProcessRun> {
  const stdout = options.stdout ?? new Capture();
  const stderr = new Capture(options.tty ?? false);
  const code = await runCli(args, { streams: { stdout, stderr, env }, ...(options.signal ? { signal: options.signal } : {}) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
