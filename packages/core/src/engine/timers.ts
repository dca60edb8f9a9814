import { AtTimeoutError } from '../errors/engine-errors.js';
import type { EngineParts, EngineState } from './engine-state.js';
import type { InFlight } from './in-flight.js';

/** Timeout windows on the engine's scheduler, restarted by payload progress. */
export class Timers {
  constructor(
    private readonly s: EngineState,
    private readonly e: EngineParts,
  ) {}

  /**
   * Starts a timeout window. Payload bytes only stamp `activityAt` (this runs
   * for every chunk, so it must stay cheap); when the window ends, the check
   * fails the command only if nothing moved for a whole window, otherwise it
   * waits out the remainder.
   */
  armTimer(flight: InFlight, ms: number, waitingFor: string): void {
    flight.timer?.unsubscribe();
    flight.windowMs = ms;
    flight.waitingFor = waitingFor;
    flight.activityAt = this.s.scheduler.now();
    flight.timer = this.s.scheduler.schedule(() => this.checkTimeout(flight), ms);
  }

  checkTimeout(flight: InFlight): void {
    if (flight.done) return;
    const idle = this.s.scheduler.now() - flight.activityAt;
    if (idle >= flight.windowMs) {
      if (this.s.dataOwner === flight) {
        // A whole window without a payload byte: the module left the data phase without saying so. Text
        // again, or the next command's answer would be swallowed as the rest of an announced length.
        this.s.tokenizer.endData();
        this.s.dataOwner = undefined;
      }
      return this.e.queue.fail(flight, new AtTimeoutError(flight.label, flight.windowMs, flight.waitingFor));
    }
    flight.timer = this.s.scheduler.schedule(() => this.checkTimeout(flight), flight.windowMs - idle);
  }
}
