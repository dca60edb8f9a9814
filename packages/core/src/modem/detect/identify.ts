import type { AtEngine } from '../../engine/at-engine.js';
import type { ModemIdentity } from '../types.js';
import { isUnsolicited } from '../unsolicited.js';
import { readAti, type AtiIdentity } from './ati.js';

const ID_COMMANDS = ['AT', 'ATE0', 'ATI', 'AT+CGMI', 'AT+CGMM', 'AT+CGMR'];
const ID_PREFIX = /^\+(CGMI|CGMM|CGMR|GMI|GMM|GMR):\s*/;

/**
 * An identification answer: a plain line or one prefixed `+CGMI:` and the like,
 * never a line modules print on their own (`SMS Ready`, `*PSUTTZ: …`, `RDY`
 * arrive in the middle of any answer and go to `urc$`), nor a late echo.
 */
export const isIdentificationLine = (line: string): boolean =>
  !isUnsolicited(line) && !ID_COMMANDS.includes(line) && (!line.startsWith('+') || ID_PREFIX.test(line));

/** `+CGMR: "X"` → `X`; `Revision: X` and `Revision:X` → `X` (firmware prints all of these). */
function clean(line: string): string {
  return line
    .replace(ID_PREFIX, '')
    .replace(/^Revision\s*:\s*/i, '')
    .replace(/^"(.*)"$/, '$1')
    .trim();
}

async function query(engine: AtEngine, text: string, signal?: AbortSignal): Promise<string[]> {
  try {
    const res = await engine.run({ text, claims: [isIdentificationLine], timeoutMs: 2000 }, { signal });
    return res.lines.map((l) => l.trim()).filter((l) => l.length > 0);
  } catch (error) {
    // A firmware without the command answers ERROR: ATI may still tell.
    if (error instanceof Error && error.name === 'AtCommandError') return [];
    throw error;
  }
}

/**
 * The answer among `candidates` that ATI confirms, else the first one, else
 * what ATI says. Unknown unsolicited lines may still slip into an answer; ATI
 * names manufacturer and model on Quectel (SIMCom SIM7080's ATI is only a
 * revision, so there the first candidate stands).
 */
function crossCheck(candidates: readonly string[], fromAti: string | undefined): string {
  const cleaned = candidates.map(clean).filter((c) => c.length > 0);
  if (fromAti) {
    const confirmed = cleaned.find((c) => c.toLowerCase() === fromAti.toLowerCase());
    if (confirmed) return confirmed;
  }
  return cleaned[0] ?? fromAti ?? '';
}

/**
 * Turns echo off and asks `ATI`, `AT+CGMI`, `AT+CGMM`, `AT+CGMR`; the answers
 * are cross-checked against ATI. Echo off first: an echoed `AT+CGMM` must not
 * be mistaken for the model (SIM7080 field report, LilyGo #44); a firmware that
 * keeps echoing anyway is handled by the engine, which drops a command's echo.
 */
export async function identify(engine: AtEngine, signal?: AbortSignal): Promise<ModemIdentity> {
  await engine.run({ text: 'ATE0', timeoutMs: 2000 }, { signal });
  const ati = await query(engine, 'ATI', signal);
  const fromAti: AtiIdentity = readAti(ati);
  const manufacturer = crossCheck(await query(engine, 'AT+CGMI', signal), fromAti.manufacturer);
  const model = crossCheck(await query(engine, 'AT+CGMM', signal), fromAti.model);
  const revision = crossCheck(await query(engine, 'AT+CGMR', signal), fromAti.revision);
  return { ati, manufacturer, model, revision };
}
