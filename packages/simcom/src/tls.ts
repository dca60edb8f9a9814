import { FtpError, type ResolvedFtpOptions } from '@cellftp/core';
import type { FtpRunner } from './session/runner.js';

/** AT+CFSWFILE takes 1–10240 bytes per call (AT manual V1.05 §9.2, VENDOR-FACTS A.7). */
const CFS_CHUNK = 10240;
/** `/customer/`, where AT+CSSLCFG="CONVERT" finds the file (S-FTPAN V1.02 §5.2.1). */
const CFS_CUSTOMER_DIR = 3;

/** FTPS settings of the driver. */
export interface TlsSettings {
  ca: string | Uint8Array | undefined;
  /** Name of the CA file on the module: where `ca` is uploaded, or one converted before. */
  caName: string | undefined;
  sslContext: number;
}

/**
 * Selects plain FTP or FTPS with AT+FTPSSL=<type>,<ctx>,"<ca>","" (§15.2.29;
 * 1 implicit, 2 explicit). The module verifies the server only against a CA
 * converted into its SSL store, so verification needs `ca` (uploaded here
 * with CFSWFILE + CSSLCFG="CONVERT", S-FTPAN V1.02 §5.2.1) or `caName` (one
 * converted earlier); without either FTPS is refused unless the caller said
 * `dangerouslyAcceptAnyCertificate`.
 */
export async function configureTls(runner: FtpRunner, options: ResolvedFtpOptions, tls: TlsSettings): Promise<void> {
  if (options.secure === false) {
    await runner.run({ text: 'AT+FTPSSL=0,0,"",""', timeoutMs: 5000 });
    return;
  }
  let caList = '';
  if (!options.dangerouslyAcceptAnyCertificate) {
    caList = tls.caName ?? DEFAULT_CA_NAME;
    if (tls.ca !== undefined) await uploadCa(runner, tls.ca, caList);
    else if (tls.caName === undefined) {
      throw new FtpError(
        'INVALID_ARGUMENT',
        'FTPS on SIMCom verifies the server only against a CA on the module: pass simcom({ ca }) or simcom({ caName }), or set dangerouslyAcceptAnyCertificate',
      );
    }
    if (isHostName(options.host)) {
      await runner.run({ text: `AT+CSSLCFG="SNI",${tls.sslContext},"${options.host}"`, timeoutMs: 5000 });
    }
  }
  await runner.run({ text: `AT+FTPSSL=${options.secure === 'implicit' ? 1 : 2},${tls.sslContext},"${caList}",""`, timeoutMs: 5000 });
}

/** File name used for an uploaded CA when the caller names none. */
export const DEFAULT_CA_NAME = 'cellftp_ca.pem';

async function uploadCa(runner: FtpRunner, ca: string | Uint8Array, caName: string): Promise<void> {
  if (runner.state.convertedCa.has(caName)) return;
  const bytes = typeof ca === 'string' ? Buffer.from(ca, 'utf8') : Buffer.from(ca);
  // CFSINIT answers ERROR when a buffer is already allocated: that is fine too.
  await runner.run({ text: 'AT+CFSINIT', timeoutMs: 5000 }).catch(() => undefined);
  try {
    for (let at = 0; at < bytes.length; at += CFS_CHUNK) {
      const chunk = bytes.subarray(at, at + CFS_CHUNK);
      await runner.run({
        text: `AT+CFSWFILE=${CFS_CUSTOMER_DIR},"${caName}",${at === 0 ? 0 : 1},${chunk.length},10000`,
        timeoutMs: 15_000,
        outgoing: { on: 'DOWNLOAD', data: () => chunk },
      });
    }
  } finally {
    await runner.run({ text: 'AT+CFSTERM', timeoutMs: 5000 }).catch(() => undefined);
  }
  await runner.run({ text: `AT+CSSLCFG="CONVERT",2,"${caName}"`, timeoutMs: 10_000 });
  runner.state.convertedCa.add(caName);
}

function isHostName(host: string): boolean {
  return !/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && !host.includes(':');
}
