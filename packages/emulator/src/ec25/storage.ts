/**
 * The module's local storage: UFS (user flash), RAM and SD, with the documented 80-byte name limit
 * (VENDOR-FACTS §B.4). Capacities are not in the EC2x documents we have; the defaults are inferred (BG96
 * QFLDS example for UFS) and configurable.
 */
export type Drive = 'UFS' | 'RAM' | 'SD';

export interface StorageLimits {
  UFS: number;
  RAM: number;
  SD: number;
}

export const DEFAULT_LIMITS: StorageLimits = { UFS: 14_483_456, RAM: 2_097_152, SD: 33_554_432 };

/** Longest file name, without the drive prefix (FILE AN: 80 bytes). */
export const MAX_NAME = 80;

/** Every drive prefix the EC2x FILE AN knows. */
export const ALL_DRIVES: readonly Drive[] = ['UFS', 'RAM', 'SD'];

/** A parsed local name: `RAM:a.txt` → { drive: 'RAM', name: 'a.txt' }; no prefix means UFS. */
export interface LocalName {
  drive: Drive;
  name: string;
}

export function parseLocalName(text: string, prefixes: readonly Drive[] = ALL_DRIVES): LocalName | undefined {
  const m = /^(UFS|RAM|SD):(.*)$/i.exec(text);
  // A family without drive prefixes (BG96: "the file can only be UFS files") refuses a prefixed name.
  if (m && !prefixes.includes((m[1] as string).toUpperCase() as Drive)) return undefined;
  const drive = (m ? (m[1] as string).toUpperCase() : 'UFS') as Drive;
  const name = m ? (m[2] as string) : text;
  if (name.length === 0 || Buffer.byteLength(name, 'latin1') > MAX_NAME || /[\\/*?"<>|\r\n]/.test(name)) return undefined;
  return { drive, name };
}

/** A drive prefix not in capitals (`ufs:a.txt`): real firmware refuses it as a file error (613). */
export function misCasedDrive(text: string): boolean {
  const m = /^(UFS|RAM|SD):/i.exec(text);
  return m !== null && m[1] !== (m[1] as string).toUpperCase();
}

export class FileStore {
  readonly #files = new Map<string, Buffer>();
  readonly limits: StorageLimits;
  /** Drive prefixes local names may carry; a name without one is UFS. */
  readonly prefixes: readonly Drive[];

  constructor(limits: StorageLimits = DEFAULT_LIMITS, prefixes: readonly Drive[] = ALL_DRIVES) {
    this.limits = limits;
    this.prefixes = prefixes;
  }

  /** A local name as this module's firmware reads it. */
  parse(text: string): LocalName | undefined {
    return parseLocalName(text, this.prefixes);
  }

  static key(n: LocalName): string {
    return `${n.drive}:${n.name}`;
  }

  get(n: LocalName): Buffer | undefined {
    return this.#files.get(FileStore.key(n));
  }

  /** Free bytes on a drive. */
  free(drive: Drive): number {
    let used = 0;
    for (const [key, data] of this.#files) if (key.startsWith(`${drive}:`)) used += data.length;
    return this.limits[drive] - used;
  }

  /** Stores `data`; returns false when the drive would overflow. */
  put(n: LocalName, data: Buffer): boolean {
    const existing = this.get(n)?.length ?? 0;
    if (data.length - existing > this.free(n.drive)) return false;
    this.#files.set(FileStore.key(n), data);
    return true;
  }

  delete(n: LocalName): boolean {
    return this.#files.delete(FileStore.key(n));
  }

  /** Files on a drive, in creation order. */
  list(drive: Drive): Array<{ name: string; size: number }> {
    const out: Array<{ name: string; size: number }> = [];
    for (const [key, data] of this.#files) if (key.startsWith(`${drive}:`)) out.push({ name: key.slice(drive.length + 1), size: data.length });
    return out;
  }

  clearDrive(drive: Drive): void {
    for (const key of [...this.#files.keys()]) if (key.startsWith(`${drive}:`)) this.#files.delete(key);
  }
}

/** 16-bit XOR over big-endian byte pairs, odd tail byte as the high byte (FILE AN, VENDOR-FACTS §B.4). */
export function fileChecksum(data: Uint8Array): string {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum ^= ((data[i] as number) << 8) | (data[i + 1] ?? 0);
  return sum.toString(16);
}
