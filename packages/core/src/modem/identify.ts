import type { AtEngine } from '../engine/at-engine.js';
import { AtTimeoutError } from '../errors/engine-errors.js';
import { escapeSequence } from '../engine/data-helpers.js';
import type { ModemIdentity } from './types.js';

/** Identification answers are plain lines; some firmware prefixes them with `+CGMI:` and the like. */
const idClaim = (line: string): boolean => !line.startsWith('+') || /^\+(CGMI|CGMM|CGMR|GMI|GMM|GMR):/.test(line);

const stripPrefix = (line: string): string => line.replace(/^\+(CGMI|CGMM|CGMR|GMI|GMM|GMR):\s*/, '').trim();

/**
 * Gets the module's attention: `AT` until `OK`, tolerating echo, start-up
 * lines (`RDY`, `+CFUN: 1`, … arrive as URCs), and a module left in data mode
 * by a previous program (one guarded `+++`, then `AT` again).
 */
export async function synchronise(engine: AtEngine, signal?: AbortSignal): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        await engine.run({ text: 'AT', timeoutMs: 500 }, { signal });
        return;
      } catch (error) {
        if (!(error instanceof AtTimeoutError) && !(error instanceof Error && error.name === 'AtCommandError')) throw error;
      }
    }
    if (round === 0) await engine.run(escapeSequence(1000), { signal }).catch(() => undefined);
  }
  throw new AtTimeoutError('AT', 500, 'answer after 8 attempts and a +++ escape (is this a modem AT port?)');
}

async function query(engine: AtEngine, text: string, signal?: AbortSignal): Promise<string[]> {
  try {
    const res = await engine.run({ text, claims: [idClaim], timeoutMs: 2000 }, { signal });
    return res.lines.map(stripPrefix).filter((l) => l.length > 0);
  } catch (error) {
    if (error instanceof Error && error.name === 'AtCommandError') return [];
    throw error;
  }
}

/** Turns echo off and asks `ATI`, `AT+CGMI`, `AT+CGMM`, `AT+CGMR`. */
export async function identify(engine: AtEngine, signal?: AbortSignal): Promise<ModemIdentity> {
  // Echo off first: an echoed AT+CGMM must not be mistaken for the model (SIM7080 field report, LilyGo #44).
  await engine.run({ text: 'ATE0', timeoutMs: 2000 }, { signal });
  const ati = await query(engine, 'ATI', signal);
  const manufacturer = (await query(engine, 'AT+CGMI', signal))[0] ?? '';
  const model = (await query(engine, 'AT+CGMM', signal))[0] ?? '';
  const revision = ((await query(engine, 'AT+CGMR', signal))[0] ?? '').replace(/^Revision:\s*/i, '');
  return { ati, manufacturer, model, revision };
}
