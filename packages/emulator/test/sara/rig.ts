/**
 * The SARA tests' raw AT client: the shared in-memory {@link Rig} plus the
 * steps every SARA test takes (bearer, profile, login).
 */
import { expect } from 'vitest';
import type { FakeClock } from '../support/fake-clock.js';
import { Rig } from '../cftps/rig.js';

export { Rig };
export type SaraModelName = 'SARA-R5' | 'SARA-R410M';
export const SARA_MODELS: SaraModelName[] = ['SARA-R5', 'SARA-R410M'];

export const line = (text: string): string => `\r\n${text}\r\n`;
export const OK = line('OK');

/** SARA-R5 activates PSD profile 0 (IADG §2.3); SARA-R4 uses the default bearer. */
export async function bearer(rig: Rig, model: SaraModelName, clock?: FakeClock): Promise<void> {
  if (model !== 'SARA-R5') return;
  await rig.at('AT+UPSD=0,0,0');
  await rig.at('AT+UPSD=0,100,1');
  await rig.at('AT+UPSDA=0,3');
  // +UUPSDA comes a moment after OK (timing.activationMs, default 20).
  clock?.advance(20);
  expect((await rig.take('+UUPSDA: 0,"10.80.12.1"\r\n')).toString('latin1')).toBe('\r\n+UUPSDA: 0,"10.80.12.1"\r\n');
}

/** The profile of `server` in passive mode, then `AT+UFTPC=1` until `+UUFTPCR: 1,1`. */
export async function login(rig: Rig, model: SaraModelName, server: { port: number; user: string; password: string }, clock?: FakeClock): Promise<void> {
  await bearer(rig, model, clock);
  for (const c of ['AT+UFTP=0,"127.0.0.1"', `AT+UFTP=7,${server.port}`, `AT+UFTP=2,"${server.user}"`, `AT+UFTP=3,"${server.password}"`, 'AT+UFTP=6,1']) await rig.at(c);
  await rig.at('AT+UFTPC=1', '+UUFTPCR: 1,1\r\n');
}

/** Sends an `AT+UFTPC` op and returns everything through the end of its `+UUFTPCR` line. */
export async function op(rig: Rig, command: string, timeoutMs = 8000): Promise<string> {
  const code = /^AT\+UFTPC=(\d+)/.exec(command)?.[1] ?? '?';
  rig.write(`${command}\r`);
  const head = (await rig.take(`+UUFTPCR: ${code},`, timeoutMs)).toString('latin1');
  return head + (await rig.take('\r\n', timeoutMs)).toString('latin1');
}
