import type { FaultPlan } from '../faults.js';
import { toBackendError } from './failure.js';
import { cutAfterBytes } from './fault-hooks.js';
import { RawFtpClient } from './raw-client.js';
import { FtpBackendError, type FtpConnectOptions } from './types.js';

/**
 * Logs in where the host's AT commands point, with the fault plan's login faults made real on the wire (a DNS
 * failure, a refused password the server itself answers 530 to, a control connection cut after N bytes).
 * Control encoding is latin1 so that path bytes typed on the AT line reach the server unchanged and listing
 * bytes come back unchanged.
 */
export async function logIn(options: FtpConnectOptions, faults: FaultPlan): Promise<RawFtpClient> {
  if (faults.dnsFailure) {
    throw new FtpBackendError({ kind: 'dns', message: `fault: ${options.host} does not resolve` });
  }
  const client = new RawFtpClient(options.timeoutSeconds * 1000);
  client.ftp.encoding = 'latin1';
  try {
    await client.access({
      host: options.host,
      port: options.port,
      user: options.user,
      // A refused login is made real: the server itself answers 530.
      password: faults.refuseLogin ? `${options.password}\u0001refused` : options.password,
      secure: options.tls === 'implicit' ? 'implicit' : options.tls === 'explicit',
      secureOptions: {
        rejectUnauthorized: options.verifyCertificate ?? false,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
      },
    });
    if (options.type === 'ascii') await client.send('TYPE A');
    client.type = options.type;
  } catch (err) {
    client.close();
    throw toBackendError(err, 'connect');
  }
  if (faults.closeControlAfterBytes !== undefined) cutAfterBytes(client.ftp.socket, faults.closeControlAfterBytes);
  return client;
}
