import { AtEngine } from '../engine/at-engine.js';
import { identify } from '../modem/detect/identify.js';
import type { ModemDriver, ModemIdentity } from '../modem/types.js';
import { deadline, within } from './bounded.js';
import { openSerialLine, type SerialLine } from './serial-line.js';

/** What a short AT probe found on one port. */
export type ProbeOutcome =
  | { readonly ok: true; readonly identity: ModemIdentity; readonly vendor: string; readonly imei?: string }
  | { readonly ok: false; readonly reason: string };

/** Options of {@link probePort}. */
export interface ProbePortOptions {
  readonly drivers: readonly ModemDriver[];
  readonly baudRate?: number;
  /** The whole probe (open, AT, identification, IMEI) ends after this; default 4000 ms. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** IMEI answers: 15 digits (some firmware adds 1–2 more for the SV), with or without a `+CGSN:` prefix. */
const IMEI_LINE = /^(?:\+C?GSN:\s*)?"?(\d{14,17})"?$/;

/**
 * Opens `path` with an exclusive lock, asks `AT` (no `+++`: a module another
 * program left in data mode is not ours to break out of), identifies it and
 * reads its IMEI. A port another process holds is skipped with a reason,
 * never opened without the lock.
 */
export async function probePort(path: string, options: ProbePortOptions): Promise<ProbeOutcome> {
  const budget = deadline(options.timeoutMs ?? 4000, options.signal);
  let line: SerialLine | undefined;
  try {
    try {
      line = await openSerialLine(path, options.baudRate ?? 115200);
    } catch (error) {
      return { ok: false, reason: openFailureReason(error as Error) };
    }
    const engine = new AtEngine(line.transport, { settleMs: 100 });
    try {
      return await ask(engine, options.drivers, budget.signal);
    } finally {
      await within(engine.close().catch(() => undefined), 1000, undefined);
    }
  } catch (error) {
    if (budget.signal.aborted) return { ok: false, reason: `no answer within ${options.timeoutMs ?? 4000} ms` };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    budget.clear();
    await line?.release(1000);
  }
}

async function ask(engine: AtEngine, drivers: readonly ModemDriver[], signal: AbortSignal): Promise<ProbeOutcome> {
  let answered = false;
  for (let attempt = 0; attempt < 3 && !answered; attempt++) {
    answered = await engine.run({ text: 'AT', timeoutMs: 400 }, { signal }).then(
      () => true,
      () => false,
    );
    if (signal.aborted) break;
  }
  if (!answered) return { ok: false, reason: 'no answer to AT (not an AT interface, or a module in data mode)' };
  const identity = await identify(engine, signal);
  const driver = drivers.find((d) => d.matches(identity));
  if (!driver) return { ok: false, reason: `answers AT but no driver recognises it (AT+CGMI "${identity.manufacturer}", AT+CGMM "${identity.model}")` };
  const imei = (await readImei(engine, 'AT+CGSN', signal)) ?? (await readImei(engine, 'AT+GSN', signal));
  return { ok: true, identity, vendor: driver.vendor, ...(imei ? { imei } : {}) };
}

async function readImei(engine: AtEngine, text: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const res = await engine.run({ text, claims: [IMEI_LINE], timeoutMs: 1000 }, { signal });
    for (const line of res.lines) {
      const m = IMEI_LINE.exec(line);
      if (m) return m[1];
    }
  } catch {
    // ERROR or no answer: the module does not give its IMEI this way.
  }
  return undefined;
}

/** Busy (the lock is held) and permission failures get a reason a user can act on. */
function openFailureReason(error: Error): string {
  const text = error.message.replace(/^cannot open \S+: /, '');
  if (/lock|resource temporarily unavailable|EAGAIN|EWOULDBLOCK|EBUSY|access denied/i.test(text) && !/EACCES|permission/i.test(text)) {
    return `busy: another process holds the port (${text})`;
  }
  if (/EACCES|permission/i.test(text)) return `permission denied (${text}); add the user to the dialout group`;
  return `cannot open: ${text}`;
}
