import { isIP } from 'node:net';
import { AtCommandError, FtpError, type ModemIdentity, type ResolvedFtpOptions } from '@cellftp/core';
import { commands, UFTP } from '../commands.js';
import type { UbloxProfile } from '../profiles.js';
import type { UbloxLink } from './link.js';

/** What FTPS needs from `ublox()` options. */
export interface UbloxTlsSettings {
  /** `AT+USECPRF` security profile (0–4) prepared on the module to verify the server against a root CA. */
  readonly tlsProfile?: number | undefined;
}

/**
 * Refusals that need no byte on the wire (digest §3, §8): implicit FTPS does
 * not exist, SARA-R4 would send file data in clear (control channel only),
 * SARA-R404M/R410M-01B have no FTPS, and verification needs a security
 * profile the caller prepared: the driver's documents do not cover the
 * `AT+USECPRF`/`AT+USECMNG` operations (digest §8 [NF]), so it cannot set one up
 * itself and will not pretend to verify.
 */
export function checkOptions(options: ResolvedFtpOptions, profile: UbloxProfile, identity: ModemIdentity, tls: UbloxTlsSettings): void {
  if (options.useControlAddressForData) throw new FtpError('UNSUPPORTED', `useControlAddressForData: ${profile.family} has no such setting (AT+UFTP ops 0–8, 12)`);
  if (options.secure === false) return;
  if (options.secure === 'implicit') throw new FtpError('UNSUPPORTED', `implicit FTPS: ${profile.family} offers explicit FTPS only (AT+UFTP=8,1, IADG §9.2)`);
  if (profile.noTls?.test(identity.model)) throw new FtpError('UNSUPPORTED', `FTPS: ${identity.model} has no AT+UFTP=8 (R4-MAN §20.1)`);
  if (!profile.dataChannelTls) {
    throw new FtpError('UNSUPPORTED', `FTPS on ${profile.family}: AT+UFTP=8,1 encrypts the control channel only, file data would travel in clear (R4-MAN §20.1 op 8)`);
  }
  if (!options.dangerouslyAcceptAnyCertificate && tls.tlsProfile === undefined) {
    throw new FtpError(
      'INVALID_ARGUMENT',
      `FTPS on ${profile.family} verifies the server only through a security profile on the module: prepare one with a root CA (AT+USECMNG, AT+USECPRF) and pass ublox({ tlsProfile }), or set dangerouslyAcceptAnyCertificate`,
    );
  }
}

/** The profile parameters, in the order they are written (digest §3, §11). */
function profileCommands(options: ResolvedFtpOptions, profile: UbloxProfile, tls: UbloxTlsSettings): Array<{ text: string; secret?: string; optional?: boolean }> {
  // 0 and 1 are mutually exclusive: setting one resets the other.
  const server = isIP(options.host) === 4 ? commands.profile(UFTP.serverIp, options.host) : commands.profile(UFTP.serverName, options.host);
  const out: Array<{ text: string; secret?: string; optional?: boolean }> = [
    { text: server },
    { text: commands.profile(UFTP.user, options.user), secret: options.user },
    { text: commands.profile(UFTP.password, options.password), secret: options.password },
    { text: commands.profile(UFTP.port, options.port) },
    // Active is the module's default and most carriers break it (digest §10): passive is always said out loud.
    { text: commands.profile(UFTP.mode, options.passive ? 1 : 0) },
    // The 30 s inactivity default would end a session between sparse operations (digest §10).
    { text: commands.profile(UFTP.timeout, 0), optional: true },
  ];
  if (options.secure !== false) {
    const verified = !options.dangerouslyAcceptAnyCertificate && tls.tlsProfile !== undefined;
    out.push({ text: commands.profile(UFTP.secure, 1, verified ? tls.tlsProfile : undefined) });
    if (profile.dataChannelTls) out.push({ text: commands.profile(UFTP.dataTls, 1) });
  } else {
    out.push({ text: commands.profile(UFTP.secure, 0), optional: true });
  }
  return out;
}

/**
 * Profile set-up, then `AT+UFTPC=1` (digest §3, §4, §11). The profile cannot
 * be changed while logged in (SARA-R4 refuses all but ops 5 and 6): when the
 * first parameter is refused, a login left by an earlier program is ended
 * with `AT+UFTPC=0` and the set-up starts again.
 */
export async function openSession(link: UbloxLink, options: ResolvedFtpOptions, tls: UbloxTlsSettings, signal?: AbortSignal): Promise<void> {
  const { engine } = link;
  engine.secrets.addUser(options.user);
  engine.secrets.add(options.password);
  const steps = profileCommands(options, link.profile, tls);
  for (let attempt = 0; ; attempt++) {
    try {
      for (const step of steps) {
        const run = link.local(step.text, step.secret ? { secrets: [step.secret] } : {}, signal);
        await (step.optional ? run.catch((error: unknown) => ignoreRefusal(error)) : run);
      }
      break;
    } catch (error) {
      if (attempt > 0 || !(error instanceof AtCommandError) || signal?.aborted) throw error;
      await link.action(commands.logout, { signal, opensSession: true }).catch(() => undefined);
    }
  }
  await link.action(commands.login, {
    signal,
    opensSession: true,
    command: { secrets: [options.user, options.password] },
  });
}

function ignoreRefusal(error: unknown): void {
  if (!(error instanceof AtCommandError)) throw error;
}

/** `AT+UFTPC=0` → `+UUFTPCR: 0,1`; a login already gone is not an error of `close()`. */
export async function closeSession(link: UbloxLink, signal?: AbortSignal): Promise<void> {
  await link.action(commands.logout, { signal, opensSession: true }).catch((error: unknown) => {
    if (!(error instanceof FtpError)) throw error;
  });
}
