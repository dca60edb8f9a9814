import { formatTraceEvent, type TraceEvent } from '../trace/trace-event.js';

/** A trace event of one fleet member: the engine's event and the port it came from. */
export interface FleetTraceEvent extends TraceEvent {
  readonly port: string;
}

/**
 * The last `capacity` trace events of one modem. Events are kept as the
 * engine made them and formatted only when read, so a busy transfer pays
 * one array store per event, not a string per event.
 */
export class TraceRing {
  readonly #events: Array<TraceEvent | undefined>;
  #next = 0;
  #count = 0;

  constructor(
    private readonly port: string,
    readonly capacity: number,
  ) {
    this.#events = new Array<TraceEvent | undefined>(capacity);
  }

  push(event: TraceEvent): void {
    if (this.capacity === 0) return;
    this.#events[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#count < this.capacity) this.#count++;
  }

  /** Oldest first, each line prefixed with the port: `[/dev/ttyUSB2] 13:05:09.123 tx command AT`. */
  lines(): string[] {
    const out: string[] = [];
    const start = (this.#next - this.#count + this.capacity) % Math.max(this.capacity, 1);
    for (let i = 0; i < this.#count; i++) {
      const event = this.#events[(start + i) % this.capacity];
      if (event) out.push(`[${this.port}] ${formatTraceEvent(event)}`);
    }
    return out;
  }
}
