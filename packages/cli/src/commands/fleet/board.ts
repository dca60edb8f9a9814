import type { TransferProgress } from '@cellftp/core';
import { formatBytes, formatRate } from '../../output/format.js';

/** One modem's line on the fleet board. */
interface Row {
  state: string;
  bytes: number;
  total?: number;
  rate: number;
}

/**
 * One progress line per modem. On a terminal the lines are redrawn in place
 * a few times a second; elsewhere (logs, pipes) each modem prints one line
 * when it finishes, so a rack's log has exactly one line per board.
 */
export class FleetBoard {
  readonly #rows = new Map<string, Row>();
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  #drawn = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    ports: readonly string[],
    private readonly live: boolean,
  ) {
    for (const port of ports) this.#rows.set(port, { state: 'waiting', bytes: 0, rate: 0 });
    this.#timer = live ? setInterval(() => this.#draw(), 250) : undefined;
    this.#timer?.unref?.();
  }

  state(port: string, state: string): void {
    const row = this.#rows.get(port);
    if (row) row.state = state;
  }

  progress(port: string, p: TransferProgress): void {
    const row = this.#rows.get(port);
    if (!row) return;
    row.state = p.direction === 'download' ? 'downloading' : 'uploading';
    row.bytes = p.bytes;
    row.rate = p.bytesPerSecond;
    if (p.totalBytes !== undefined) row.total = p.totalBytes;
  }

  /** Marks a modem finished; off a terminal this prints its one line. */
  finish(port: string, text: string): void {
    const row = this.#rows.get(port);
    if (!row) return;
    row.state = text;
    if (!this.live) this.out.write(`${this.#line(port, row)}\n`);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.live) this.#draw();
  }

  #line(port: string, row: Row): string {
    const amount = row.total === undefined ? formatBytes(row.bytes) : `${formatBytes(row.bytes)} / ${formatBytes(row.total)}`;
    return `${port}  ${row.state}  ${amount}${row.rate > 0 ? `  ${formatRate(row.rate)}` : ''}`;
  }

  #draw(): void {
    const lines = [...this.#rows].map(([port, row]) => `\x1b[2K${this.#line(port, row)}`);
    this.out.write(`${this.#drawn > 0 ? `\x1b[${this.#drawn}A` : ''}${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }
}
