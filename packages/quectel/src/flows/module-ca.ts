import type { OperationRunner } from '@cellftp/core';
import { deleteModuleFile, uploadModuleFile, XorChecksum } from './module-file.js';

/** The module file a local CA is stored under when `quectel({ ca })` names none. */
export const DEFAULT_CA_FILE = 'cellftp_ca.pem';

/**
 * A local CA certificate the module must hold before `AT+QSSLCFG="cacert"`
 * can name it: the SSL AN verifies only against a module file. It is written
 * once per attach (`AT+QFUPL`, size and checksum checked), not once per login:
 * a session per file on a slow link should not re-send the PEM each time.
 */
export class ModuleCa {
  readonly #bytes: Buffer;
  readonly #name: string;
  #stored = false;

  constructor(ca: string | Uint8Array, name: string) {
    this.#bytes = typeof ca === 'string' ? Buffer.from(ca, 'utf8') : Buffer.from(ca);
    this.#name = name;
  }

  /** Stores the CA if this attach has not yet; resolves with the module file name. */
  async ensure(runner: OperationRunner, signal?: AbortSignal): Promise<string> {
    if (this.#stored) return this.#name;
    const sum = new XorChecksum();
    sum.update(this.#bytes);
    // QFUPL does not overwrite (+CME ERROR: 407): a CA left by an earlier run is replaced.
    await deleteModuleFile(runner, this.#name);
    await uploadModuleFile(runner, this.#name, this.#bytes.length, () => this.#bytes, () => sum.value, signal);
    this.#stored = true;
    return this.#name;
  }
}
