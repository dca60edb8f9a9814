import { FtpError, type OperationRunner, type ResolvedFtpOptions } from '@cellftp/core';
import { commands } from '../commands.js';
import type { CftpsProfile } from '../profiles.js';
import { CFTPS_TIMINGS } from '../rules.js';

/** What FTPS needs from `simcom()` options. */
export interface CftpsTlsSettings {
  readonly ca?: string | Uint8Array | undefined;
  readonly caName?: string | undefined;
  readonly sslContext: number;
}

/** Whether `ca` is on the module already: uploaded once per attach, again after a restart. */
export interface CertMemory {
  uploaded: boolean;
}

/** Default module name of an uploaded CA (A-MAN §19: 5–108 characters, `.pem`/`.der`). */
export const DEFAULT_CA_NAME = 'cellftp-ca.pem';

/**
 * FTPS setup before login. A76xx/SIM767x: an `AT+CSSLCFG` context verifying
 * the server against a CA (authmode 1), bound to both the control and the data
 * session with `AT+CFTPSSLCFG` (the data one is what fails in the field
 * without it: LilyGo-Modem-Series #320). SIM7600 V3.00 has no binding
 * command, so verification cannot be asked for: refused unless turned off.
 */
/** What FTPS needs, checked before anything is written to the module. */
export function checkTls(options: ResolvedFtpOptions, profile: CftpsProfile, tls: CftpsTlsSettings): void {
  if (options.secure === false || options.dangerouslyAcceptAnyCertificate) return;
  if (!profile.sslConfig) {
    throw new FtpError('UNSUPPORTED', `FTPS on ${profile.family}: the AT+CFTPS* set has no SSL context binding, so the server certificate cannot be verified; set dangerouslyAcceptAnyCertificate to connect unverified`);
  }
  if (tls.ca === undefined && tls.caName === undefined) {
    throw new FtpError('INVALID_ARGUMENT', `FTPS on ${profile.family} verifies the server only against a CA on the module: pass simcom({ ca }) or simcom({ caName }), or set dangerouslyAcceptAnyCertificate`);
  }
}

export async function configureTls(runner: OperationRunner, options: ResolvedFtpOptions, profile: CftpsProfile, tls: CftpsTlsSettings, memory: CertMemory, signal?: AbortSignal): Promise<void> {
  checkTls(options, profile, tls);
  const verify = !options.dangerouslyAcceptAnyCertificate;
  if (!profile.sslConfig) return;
  const ctx = tls.sslContext;
  const run = (text: string): Promise<unknown> => runner.plain({ text, timeoutMs: CFTPS_TIMINGS.localMs }, signal);
  const name = tls.caName ?? DEFAULT_CA_NAME;
  if (verify && tls.ca !== undefined && !memory.uploaded) {
    await downloadCert(runner, name, tls.ca, signal);
    memory.uploaded = true;
  }
  await run(commands.ssl('sslversion', ctx, 4));
  await run(commands.ssl('authmode', ctx, verify ? 1 : 0));
  if (verify) await run(commands.ssl('cacert', ctx, name));
  // Shared-IP servers need SNI; older builds lack the item.
  await run(commands.ssl('enableSNI', ctx, 1)).catch(() => undefined);
  await run(commands.sslBind(0, ctx));
  await run(commands.sslBind(1, ctx));
}

/** `AT+CCERTDOWN="<name>",<len>` → `>` → the bytes in bursts of ≤ 3072 → `OK` (A-MAN §19.2.2). */
async function downloadCert(runner: OperationRunner, name: string, ca: string | Uint8Array, signal?: AbortSignal): Promise<void> {
  const bytes = typeof ca === 'string' ? Buffer.from(ca, 'utf8') : Buffer.from(ca);
  if (bytes.length === 0 || bytes.length > CFTPS_TIMINGS.certMaxBytes) {
    throw new FtpError('INVALID_ARGUMENT', `simcom({ ca }): a CA certificate of 1–${CFTPS_TIMINGS.certMaxBytes} bytes, got ${bytes.length}`);
  }
  function* bursts(): Generator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += CFTPS_TIMINGS.certBurstBytes) yield bytes.subarray(at, at + CFTPS_TIMINGS.certBurstBytes);
  }
  await runner.plain({ text: commands.certDown(name, bytes.length), timeoutMs: CFTPS_TIMINGS.localMs * 2, outgoing: { on: 'prompt', prompts: ['>', '> '], data: bursts } }, signal);
}
