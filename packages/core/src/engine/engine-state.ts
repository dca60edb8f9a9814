import { Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { Expectation } from '../framing/events.js';
import type { Tokenizer } from '../framing/tokenizer.js';
import { SecretRedactor } from '../trace/redact.js';
import { dataTraceEvent, type TraceEvent } from '../trace/trace-event.js';
import type { ByteTransport } from '../transport/types.js';
import type { CommandQueue, Job } from './command-queue.js';
import type { DataPhases } from './data-phases.js';
import type { InFlight } from './in-flight.js';
import type { LineRouter } from './line-router.js';
import { OrphanResults } from './orphan-results.js';
import type { Timers } from './timers.js';

/** The engine's parts, each one responsibility; they reach each other through this. */
export interface EngineParts {
  readonly queue: CommandQueue;
  readonly router: LineRouter;
  readonly data: DataPhases;
  readonly timers: Timers;
}

/** Settings the parts read. */
export interface EngineSettings {
  readonly scheduler: SchedulerLike;
  readonly defaultTimeoutMs: number;
  readonly settleMs: number;
  readonly maxLines: number;
}

/**
 * The state the engine's parts share: the one command in flight, the data
 * phase's owner, the queue, the line's clock. Internal to the engine.
 */
export class EngineState {
  /** Secrets registered here are `***` in every trace and error. */
  readonly secrets = new SecretRedactor();
  readonly urc = new Subject<string>();
  readonly trace = new Subject<TraceEvent>();
  readonly queue: Job[] = [];
  /** Received chunks not yet framed (routing may be waiting for a slow sink). */
  readonly pendingChunks: Uint8Array[] = [];
  readonly orphans = new OrphanResults();
  readonly scheduler: SchedulerLike;
  readonly defaultTimeoutMs: number;
  readonly settleMs: number;
  readonly maxLines: number;
  subscription: Subscription | undefined;
  /** What the tokenizer looks for while the current command runs (its prompts). */
  expectation: Expectation | undefined;
  current: InFlight | undefined;
  /** The command whose incoming payload the tokenizer is framing. */
  dataOwner: InFlight | undefined;
  /** A command given up on before its answer: the queue waits `settleMs` for its late final. */
  stale: { command: InFlight; timer: Subscription } | undefined;
  routing = false;
  closed = false;
  /** Scheduler time of the host's last write: guard times count from it. */
  lastTxAt = Number.NEGATIVE_INFINITY;
  /** Bytes received so far (framed or waiting): the stream offset a command written now starts claiming at. */
  rxBytes = 0;

  constructor(
    readonly transport: ByteTransport,
    readonly tokenizer: Tokenizer,
    settings: EngineSettings,
  ) {
    this.scheduler = settings.scheduler;
    this.defaultTimeoutMs = settings.defaultTimeoutMs;
    this.settleMs = settings.settleMs;
    this.maxLines = settings.maxLines;
  }

  emitTrace(dir: TraceEvent['dir'], kind: TraceEvent['kind'], text: string, bytes: number): void {
    if (this.trace.observed) this.trace.next({ dir, kind, text, bytes, at: this.scheduler.now() });
  }

  /** A payload chunk's trace event; its preview is built only if someone reads it. */
  emitDataTrace(dir: TraceEvent['dir'], bytes: Uint8Array, suffix?: string): void {
    if (this.trace.observed) this.trace.next(dataTraceEvent(dir, bytes, this.scheduler.now(), suffix));
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.lastTxAt = this.scheduler.now();
    await this.transport.write(bytes);
    this.lastTxAt = this.scheduler.now();
  }
}
