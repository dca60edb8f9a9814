import type { Modem } from '@cellftp/core';

/** SIM, registration and signal as `probe` reports them; `null` where the module would not say. */
export interface ProbeStatus {
  sim: string | null;
  registration: { stat: number; meaning: string } | null;
  signal: { rssi: number; dbm: number | null; ber: number } | null;
  errors: string[];
}

/** 3GPP TS 27.007 §10.1.22 `<stat>` values of +CEREG. */
const REGISTRATION: Record<number, string> = {
  0: 'not registered, not searching',
  1: 'registered, home network',
  2: 'searching',
  3: 'registration denied',
  4: 'unknown',
  5: 'registered, roaming',
};

/**
 * Asks the module for SIM state (`AT+CPIN?`), EPS registration (`AT+CEREG?`)
 * and signal (`AT+CSQ`). Each query stands alone: a module without a SIM still
 * reports its signal.
 */
export async function queryStatus(modem: Modem, signal?: AbortSignal): Promise<ProbeStatus> {
  const errors: string[] = [];
  const ask = async (text: string, prefix: string): Promise<string[] | null> => {
    try {
      const answer = await modem.engine.run({ text, claims: [prefix], timeoutMs: 5000 }, { signal });
      const line = answer.lines.find((l) => l.startsWith(prefix));
      return line === undefined ? null : line.slice(prefix.length).split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    } catch (error) {
      errors.push(`${text}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const cpin = await ask('AT+CPIN?', '+CPIN:');
  const cereg = await ask('AT+CEREG?', '+CEREG:');
  const csq = await ask('AT+CSQ', '+CSQ:');
  // +CEREG: <n>,<stat>[,…]: the state is the second field whatever <n> is.
  const stat = cereg?.[1] !== undefined ? Number(cereg[1]) : NaN;
  const rssi = csq?.[0] !== undefined ? Number(csq[0]) : NaN;
  return {
    sim: cpin?.[0] ?? null,
    registration: Number.isInteger(stat) ? { stat, meaning: REGISTRATION[stat] ?? `stat ${stat}` } : null,
    // 27.007 §8.5: rssi 0…31 maps to −113…−51 dBm in 2 dB steps; 99 = not known.
    signal: Number.isInteger(rssi)
      ? { rssi, dbm: rssi >= 0 && rssi <= 31 ? -113 + 2 * rssi : null, ber: Number(csq?.[1] ?? 99) }
      : null,
    errors,
  };
}
