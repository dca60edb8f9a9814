import { Observable, asyncScheduler, type SchedulerLike } from 'rxjs';
import { Tokenizer } from '../framing/tokenizer.js';
import { AtAbortedError, TransportClosedError } from '../errors/engine-errors.js';
import type { SecretRedactor } from '../trace/redact.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { ByteTransport } from '../transport/types.js';
import { UrcQueue, waitForUrc, type UrcWaitOptions } from '../urc/urc-waiter.js';
import type { AtCommand, AtResponse, RunOptions } from './command.js';
import { CommandQueue, type Job } from './command-queue.js';
import { DataPhases } from './data-phases.js';
import { EngineState, type EngineParts } from './engine-state.js';
import { LineRouter } from './line-router.js';
import type { LineMatcher } from './matchers.js';
import { Timers } from './timers.js';

/** Options for {@link AtEngine}. */
export interface AtEngineOptions {
  /** Scheduler for every timeout and guard time; pass a virtual-time scheduler in tests. */
  scheduler?: SchedulerLike;
  /** Timeout for commands that do not set one; default 10 000 ms. */
  defaultTimeoutMs?: number;
  /**
   * After a written command times out or is aborted, how long the engine waits
   * for its late final result before writing the next command, so that a stale
   * `OK` is never taken as the next command's answer. Default 300 ms.
   */
  settleMs?: number;
  /** Longest response line kept; default 64 KiB. */
  maxLineLength?: number;
  /** Most information lines one command may collect before it fails; default 10 000. */
  maxLinesPerCommand?: number;
}

/**
 * Runs AT commands over a byte transport: one command in flight, a FIFO queue
 * behind it, every unclaimed line delivered in order on `urc$`.
 *
 * The work is split by responsibility (internal modules): `CommandQueue`
 * (queue and writes), `LineRouter` (framing step by step and line routing),
 * `DataPhases` (payloads in and out, trailers, abort facts) and `Timers`,
 * over one shared `EngineState`.
 *
 * @example
 * const engine = new AtEngine(transport);
 * engine.urc$.subscribe((line) => console.log('URC', line));
 * const { lines } = await engine.run({ text: 'AT+CGMM', claims: [(l) => !l.startsWith('+')] });
 */
export class AtEngine {
  readonly #s: EngineState;
  readonly #parts: EngineParts;

  constructor(transport: ByteTransport, options: AtEngineOptions = {}) {
    const s = new EngineState(transport, new Tokenizer({ maxLineLength: options.maxLineLength }), {
      scheduler: options.scheduler ?? asyncScheduler,
      defaultTimeoutMs: options.defaultTimeoutMs ?? 10_000,
      settleMs: options.settleMs ?? 300,
      maxLines: options.maxLinesPerCommand ?? 10_000,
    });
    const parts = {} as { -readonly [K in keyof EngineParts]: EngineParts[K] };
    parts.queue = new CommandQueue(s, parts);
    parts.router = new LineRouter(s, parts);
    parts.data = new DataPhases(s, parts);
    parts.timers = new Timers(s, parts);
    this.#s = s;
    this.#parts = parts;
    s.subscription = transport.data$.subscribe({
      next: (chunk) => parts.router.receive(chunk),
      error: () => parts.queue.onClosed(),
      complete: () => parts.queue.onClosed(),
    });
  }

  /** Secrets registered here are `***` in every trace and error. */
  get secrets(): SecretRedactor {
    return this.#s.secrets;
  }

  /** Every line no command claimed, in arrival order, also while a command runs. */
  get urc$(): Observable<string> {
    return this.#s.urc.asObservable();
  }

  /** Every line and byte in and out, secrets redacted. */
  get trace$(): Observable<TraceEvent> {
    return this.#s.trace.asObservable();
  }

  /** The scheduler all timeouts use. */
  get scheduler(): SchedulerLike {
    return this.#s.scheduler;
  }

  get closed(): boolean {
    return this.#s.closed;
  }

  /** Queues `command` and resolves with its response, or rejects with a typed error. */
  run(command: AtCommand, options: RunOptions = {}): Promise<AtResponse> {
    const s = this.#s;
    return new Promise<AtResponse>((resolve, reject) => {
      if (s.closed) return reject(new TransportClosedError(s.secrets.redact(command.text)));
      if (options.signal?.aborted) return reject(new AtAbortedError(s.secrets.redact(command.text)));
      const signal = options.signal;
      // Removed however the command ends: one long-lived signal may serve thousands of commands.
      const detach = (): void => signal?.removeEventListener('abort', onAbort);
      const job: Job = {
        command,
        signal,
        resolve: (response) => {
          detach();
          resolve(response);
        },
        reject: (error) => {
          detach();
          reject(error);
        },
      };
      const onAbort = (): void => {
        const index = s.queue.indexOf(job);
        if (index >= 0) {
          s.queue.splice(index, 1);
          job.reject(new AtAbortedError(s.secrets.redact(command.text)));
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      s.queue.push(job);
      this.#parts.queue.pump();
    });
  }

  /** Cold Observable form of {@link AtEngine.run}; unsubscribing aborts the command. */
  run$(command: AtCommand): Observable<AtResponse> {
    return new Observable<AtResponse>((subscriber) => {
      const controller = new AbortController();
      this.run(command, { signal: controller.signal }).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => controller.abort();
    });
  }

  /** Resolves with the next URC matching `match` (subscribe before causing it). */
  waitForUrc(match: LineMatcher, options: UrcWaitOptions): Promise<string> {
    return waitForUrc(this.#s.urc, match, { scheduler: this.#s.scheduler, ...options });
  }

  /** Buffers matching URCs from now on, for flows driven by repeated URCs. */
  urcQueue(match: LineMatcher): UrcQueue {
    return new UrcQueue(this.#s.urc, match, this.#s.scheduler);
  }

  /** Closes the transport; queued and running commands fail with `TransportClosedError`. */
  async close(): Promise<void> {
    await this.#s.transport.close();
    this.#parts.queue.onClosed();
  }
}
