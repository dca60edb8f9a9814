import type { ResolvedFtpOptions } from '@cellftp/core';
import { withoutFtpSsl } from '../codes.js';
import { caConvert, CFS_CHUNK, CFS_INIT, CFS_TERM, cfsWrite, ftpSsl, sni } from '../commands.js';
import type { SimcomDriverOptions } from '../driver.js';
import type { SimcomLink } from './link.js';

/** FTPS settings of the driver. */
export type TlsSettings = Pick<SimcomDriverOptions, 'ca' | 'caName'> & { readonly sslContext: number };

/** File name used for an uploaded CA when the caller names none. */
export const DEFAULT_CA_NAME = 'cellftp_ca.pem';

/**
 * Selects plain FTP or FTPS with AT+FTPSSL (§15.2.29; 1 implicit, 2
 * explicit). The module verifies the server only against a CA converted into
 * its SSL store, so verification needs `ca` (uploaded here with CFSWFILE +
 * CSSLCFG="CONVERT", S-FTPAN V1.02 §5.2.1) or `caName` (one converted
 * earlier); without either FTPS is refused unless the caller said
 * `dangerouslyAcceptAnyCertificate` (checked by openFtp).
 */
export async function configureTls(link: SimcomLink, options: ResolvedFtpOptions, tls: TlsSettings): Promise<void> {
  const { runner } = link;
  if (options.secure === false) return void (await runner.plain(ftpSsl(0, 0, '')).catch(withoutFtpSsl(undefined)));
  let caList = '';
  if (!options.dangerouslyAcceptAnyCertificate) {
    caList = tls.caName ?? DEFAULT_CA_NAME;
    // openFtp refused FTPS without `ca` or `caName` before anything was written.
    if (tls.ca !== undefined) await uploadCa(link, tls.ca, caList);
    if (isHostName(options.host)) await runner.plain(sni(tls.sslContext, options.host));
  }
  const command = ftpSsl(options.secure === 'implicit' ? 1 : 2, tls.sslContext, caList);
  await runner.plain(command).catch(withoutFtpSsl(runner.engine.secrets.redact(command.text)));
}

async function uploadCa(link: SimcomLink, ca: string | Uint8Array, caName: string): Promise<void> {
  const { runner, module } = link;
  if (module.convertedCa.has(caName)) return;
  const bytes = typeof ca === 'string' ? Buffer.from(ca, 'utf8') : Buffer.from(ca);
  // CFSINIT answers ERROR when a buffer is already allocated: that is fine too.
  await runner.plain(CFS_INIT).catch(() => undefined);
  try {
    for (let at = 0; at < bytes.length; at += CFS_CHUNK) await runner.plain(cfsWrite(caName, at > 0, bytes.subarray(at, at + CFS_CHUNK)));
  } finally {
    await runner.plain(CFS_TERM).catch(() => undefined);
  }
  await runner.plain(caConvert(caName));
  module.convertedCa.add(caName);
}

function isHostName(host: string): boolean {
  return !/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && !host.includes(':');
}
