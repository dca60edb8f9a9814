import type { AtEngine } from '@cellftp/core';
import type { ParamName } from '../commands.js';

/**
 * What the driver knows about one attached module: the FTP parameter values it
 * last wrote (all NO_SAVE, VENDOR-FACTS A.1: lost on reboot, so a `RDY`
 * forgets them), the active bearer and the uploaded CA.
 */
export class ModuleState {
  readonly params = new Map<ParamName, string | number>();
  /** The CNACT `<pdpidx>` that `connect()` activated or found active. */
  activeContext: number | undefined;
  /** CA file names already converted with AT+CSSLCFG="CONVERT". */
  readonly convertedCa = new Set<string>();
  /** Counts restarts and bearer losses: a session opened before one is gone (its login, bearer or parameters). */
  losses = 0;
  /** Why the last loss happened, for the error of the operation it broke. */
  lastLoss: { code: 'MODEM' | 'NETWORK'; reason: string } | undefined;
  #subscription: { unsubscribe(): void } | undefined;

  constructor(engine: AtEngine) {
    this.#subscription = engine.urc$.subscribe((line) => {
      if (line === 'RDY') {
        this.forget();
        this.#lost('MODEM', 'the module restarted (RDY)');
      }
      const pdp = /^\+APP PDP: ?(\d),DEACTIVE/.exec(line);
      if (pdp && Number(pdp[1]) === this.activeContext) {
        this.activeContext = undefined;
        this.#lost('NETWORK', `bearer ${pdp[1]} was deactivated (+APP PDP: ${pdp[1]},DEACTIVE)`);
      }
    });
  }

  #lost(code: 'MODEM' | 'NETWORK', reason: string): void {
    this.losses++;
    this.lastLoss = { code, reason };
  }

  /** The module rebooted: nothing we wrote survives. */
  forget(): void {
    this.params.clear();
    this.activeContext = undefined;
    this.convertedCa.clear();
  }

  dispose(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }
}
