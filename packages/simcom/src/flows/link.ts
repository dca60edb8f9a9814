import { StrategyMemory, type OperationRunner } from '@cellftp/core';
import { setParam, type ParamName } from '../commands.js';
import type { SimcomDownloadStrategy, SimcomUploadStrategy } from '../vendor.js';

/**
 * What the driver knows about one attached module. The FTP parameters are
 * all NO_SAVE (VENDOR-FACTS A.1): a restart forgets them, and so does this.
 */
export class ModuleMemory {
  readonly params = new Map<ParamName, string | number>();
  /** CA file names already converted with AT+CSSLCFG="CONVERT". */
  readonly convertedCa = new Set<string>();
  /** Strategies this firmware refused, per direction. */
  readonly downloads = new StrategyMemory<SimcomDownloadStrategy>();
  readonly uploads = new StrategyMemory<SimcomUploadStrategy>();

  /** The module restarted: nothing written to it survives. */
  forget(): void {
    this.params.clear();
    this.convertedCa.clear();
  }
}

/** One FTP session's way to the module: the kit's runner plus the parameter cache. */
export class SimcomLink {
  constructor(
    readonly runner: OperationRunner,
    readonly module: ModuleMemory,
  ) {}

  /** Writes `AT+<name>=<value>` unless the module already holds that value. */
  async set(name: ParamName, value: string | number, secret = false): Promise<void> {
    const { params } = this.module;
    if (params.get(name) === value) return;
    params.delete(name);
    await this.runner.plain(setParam(name, value, secret));
    params.set(name, value);
  }

  /** Forgets a parameter whose module value is unknown (e.g. FTPREST after a GET, [NF] VENDOR-FACTS A.3). */
  forget(name: ParamName): void {
    this.module.params.delete(name);
  }
}
