import type { LineMatcher } from './matchers.js';
import { matchAny, matchLine } from './matchers.js';
import type { InFlight } from './in-flight.js';

interface Orphan {
  readonly label: string;
  readonly match: LineMatcher;
  readonly errors: readonly LineMatcher[] | undefined;
  readonly until: number;
}

/**
 * Result URCs still owed to commands the host gave up on.
 *
 * An "OK now, result later" command aborted after it was accepted is not
 * aborted on the module: its `+QFTPSIZE: 0,…` still arrives. A module runs
 * such operations one after another, so the first line that matches arrives
 * before any later command's own result, and it must not be taken as that
 * command's answer (an aborted `SIZE a` would otherwise answer `SIZE b`).
 * Each entry ends with its success or failure line, or after the command's
 * own result timeout.
 */
export class OrphanResults {
  readonly #orphans: Orphan[] = [];

  /** Records that `flight`'s result is still owed, if it is. */
  add(flight: InFlight, now: number): void {
    const result = flight.command.resultUrc;
    if (!result || flight.resultUrc !== undefined || flight.answerSeen) return;
    this.#orphans.push({ label: flight.label, match: result.match, errors: flight.command.errorFinals, until: now + result.timeoutMs });
  }

  /** True while some result is owed: lets the engine skip the check on every other line. */
  get pending(): boolean {
    return this.#orphans.length > 0;
  }

  /** If `line` is an owed result, removes it and returns the label of the command it answers. */
  take(line: string, now: number): string | undefined {
    for (let i = 0; i < this.#orphans.length; ) {
      const orphan = this.#orphans[i] as Orphan;
      if (orphan.until < now) {
        this.#orphans.splice(i, 1);
        continue;
      }
      if (matchLine(orphan.match, line) || matchAny(orphan.errors, line)) {
        this.#orphans.splice(i, 1);
        return orphan.label;
      }
      i++;
    }
    return undefined;
  }

  clear(): void {
    this.#orphans.length = 0;
  }
}
