import type { FtpSession, TransferProgress } from '@cellftp/core';
import cliProgress from 'cli-progress';
import { formatBytes, formatRate } from './output/format.js';
import type { Console } from './output/streams.js';

/** One transfer's bar. */
interface Bar {
  update(progress: TransferProgress): void;
}

/** What the CLI knows about a transfer that the session's own events may not. */
export interface TransferFrame {
  /** Bytes already in place before this run (a resumed `get` or `put`): the bar starts there. */
  offset?: number;
  /** The whole file's size, when the CLI asked for it (SIZE) or read it from disk. */
  total?: number;
}

/**
 * Progress bars with rate and ETA on stderr (cli-progress). Drawn only when
 * stderr is a terminal: redirected output and scripts get no control codes.
 * While bars are up, every stderr line of the console (trace, notes) goes
 * through cli-progress's own `log`, which prints it above the bars instead of
 * over them. Several sessions may share one board (the demo runs two modems).
 */
export class ProgressBoard {
  readonly #multi: cliProgress.MultiBar | undefined;
  readonly #unroute: () => void;
  #stopped = false;

  constructor(con: Console, enabled: boolean) {
    this.#multi = enabled
      ? new cliProgress.MultiBar(
          {
            stream: con.streams.stderr as NodeJS.WritableStream & { isTTY: boolean },
            format: '{label} |{bar}| {percentage}% {done}/{size} {rate} ETA {eta_formatted}',
            hideCursor: true,
            clearOnComplete: false,
            stopOnComplete: false,
            etaBuffer: 30,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    const multi = this.#multi;
    this.#unroute = multi ? con.routeErrors((text) => multi.log(text)) : () => undefined;
  }

  get enabled(): boolean {
    return this.#multi !== undefined;
  }

  /**
   * Shows a bar for each transfer of `ftp`, counting from `frame.offset` and
   * against `frame.total` when given. Returns the function that stops following.
   */
  follow(ftp: FtpSession, label: string, frame: TransferFrame = {}): () => void {
    if (!this.#multi) return () => undefined;
    const sub = ftp.progress$.subscribe(this.handler(label, frame.total, frame.offset ?? 0));
    return () => sub.unsubscribe();
  }

  /**
   * A progress callback (for `trackProgress`) that draws one bar per transfer,
   * labelled `label up|down`; `offset` bytes are counted as already done.
   */
  handler(label: string, expectedTotal?: number, offset = 0): (progress: TransferProgress) => void {
    const bars = new Map<string, Bar>();
    return (p) => {
      if (!this.#multi) return;
      const key = `${p.direction} ${p.remotePath}`;
      let bar = bars.get(key);
      if (!bar) {
        bar = this.#bar(`${label} ${p.direction === 'upload' ? 'up  ' : 'down'}`);
        bars.set(key, bar);
      }
      bar.update(frameProgress(p, expectedTotal, offset));
    };
  }

  #bar(label: string): Bar {
    const multi = this.#multi as cliProgress.MultiBar;
    const bar = multi.create(1, 0, { label, done: '0 B', size: '?', rate: '' });
    return {
      update(p) {
        // An unknown total grows with the bytes so the bar stays sane, and says "?" rather than pretend.
        const total = p.totalBytes ?? Math.max(p.bytes, 1);
        bar.setTotal(Math.max(total, 1));
        bar.update(p.bytes, { label, done: formatBytes(p.bytes), size: p.totalBytes === undefined ? '?' : formatBytes(total), rate: formatRate(p.bytesPerSecond) });
      },
    };
  }

  /** Prints a line above the bars (they would overwrite a plain write). */
  log(text: string): void {
    this.#multi?.log(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Removes the bars' cursor handling and gives stderr back; call once at the end. */
  stop(): void {
    // cli-progress redraws cursor moves on every stop(): only the first may reach the terminal.
    if (this.#stopped) return;
    this.#stopped = true;
    this.#unroute();
    this.#multi?.stop();
  }
}

/**
 * The transfer as the user sees it: bytes on the wire this run plus what was
 * already in place, against the whole file. A known frame total wins over the
 * session's (which, on a resumed transfer, may count only the rest).
 */
export function frameProgress(p: TransferProgress, expectedTotal: number | undefined, offset: number): TransferProgress {
  const total = expectedTotal ?? p.totalBytes;
  return { ...p, bytes: offset + p.bytes, ...(total === undefined ? {} : { totalBytes: total }) };
}
