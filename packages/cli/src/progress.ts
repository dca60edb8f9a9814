import type { FtpSession, TransferProgress } from '@cellftp/core';
import cliProgress from 'cli-progress';
import { formatBytes, formatRate } from './output/format.js';

/** One transfer's bar. */
interface Bar {
  update(progress: TransferProgress): void;
}

/**
 * Progress bars with rate and ETA on stderr (cli-progress). Drawn only when
 * stderr is a terminal: redirected output and scripts get no control codes.
 * Several sessions may share one board (the demo runs two modems at once).
 */
export class ProgressBoard {
  readonly #multi: cliProgress.MultiBar | undefined;
  #stopped = false;

  constructor(stream: NodeJS.WritableStream, enabled: boolean) {
    this.#multi = enabled
      ? new cliProgress.MultiBar(
          {
            stream: stream as NodeJS.WritableStream & { isTTY: boolean },
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
  }

  get enabled(): boolean {
    return this.#multi !== undefined;
  }

  /**
   * Shows a bar per transfer of `ftp`.
   * Returns the function that stops following the session.
   */
  follow(ftp: FtpSession, label: string): () => void {
    if (!this.#multi) return () => undefined;
    const sub = ftp.progress$.subscribe(this.handler(label));
    return () => sub.unsubscribe();
  }

  /** A progress callback (for `trackProgress`) that draws one bar per transfer, labelled `label up|down`. */
  handler(label: string, expectedTotal?: number): (progress: TransferProgress) => void {
    const bars = new Map<string, Bar>();
    return (p) => {
      if (!this.#multi) return;
      const key = `${p.direction} ${p.remotePath}`;
      let bar = bars.get(key);
      if (!bar) {
        bar = this.#bar(`${label} ${p.direction === 'upload' ? 'up  ' : 'down'}`);
        bars.set(key, bar);
      }
      // Some drivers learn no size before a download; a caller that knows it fills the gap.
      bar.update(p.totalBytes === undefined && expectedTotal !== undefined ? { ...p, totalBytes: expectedTotal } : p);
    };
  }

  #bar(label: string): Bar {
    const multi = this.#multi as cliProgress.MultiBar;
    const bar = multi.create(1, 0, { label, done: '0 B', size: '?', rate: '' });
    return {
      update(p) {
        // An unknown total (a download before SIZE answered) grows with the bytes so the bar stays sane.
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

  /** Removes the bars' cursor handling; call once at the end. */
  stop(): void {
    // cli-progress redraws cursor moves on every stop(): only the first may reach the terminal.
    if (this.#stopped) return;
    this.#stopped = true;
    this.#multi?.stop();
  }
}
