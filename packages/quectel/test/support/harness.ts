import { createHash, randomBytes } from 'node:crypto';
import { openModem, type FtpOptions, type FtpSession, type Modem, type TraceEvent } from '@cellftp/core';
import { traceTransport } from '@cellftp/core/testing';
// The emulator's package entry does not export startVirtualModem yet (src/index.ts is `export {}`), so
// tests import its source directly. Switch to '@cellftp/emulator' once the entry exports it.
import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from '@cellftp/emulator';
import { quectel, type QuectelDriverOptions } from '../../src/index.js';

export { startProftpd, startTestFtpServer, proftpdAvailable, requireTool } from '../../../emulator/test/support/ftp-servers.js';
export type { ProftpdServer, RunningTestFtpServer } from '../../../emulator/test/support/ftp-servers.js';

export interface Rig {
  vm: VirtualModem;
  modem: Modem;
  trace: TraceEvent[];
  /** Every byte the host wrote (memory link), unredacted: for exact-bytes assertions. */
  written: Buffer[];
  close(): Promise<void>;
}

/** A virtual EC25 opened with the Quectel driver and its PDP context active. */
export async function startRig(
  vmOptions: Partial<VirtualModemOptions> = {},
  driver: QuectelDriverOptions = {},
): Promise<Rig> {
  const vm = await startVirtualModem({ model: 'EC25', link: 'memory', timing: { asyncCloseMs: 50, busyAfterDataFailureMs: 300 }, ...vmOptions });
  const trace: TraceEvent[] = [];
  const written: Buffer[] = [];
  const inner = vm.transport;
  const spy = inner && traceTransport(inner, { only: 'tx', maxRecords: 0, onRecord: (r) => void written.push(Buffer.from(r.bytes)) });
  const modem = await openModem({
    ...(spy ? { transport: spy } : { path: vm.path as string }),
    drivers: [quectel(driver)],
    trace: (e) => {
      if (trace.length < 20_000) trace.push(e);
    },
  });
  await modem.connect({ apn: 'internet' });
  return {
    vm,
    modem,
    trace,
    written,
    close: async () => {
      await modem.close();
      await vm.close();
    },
  };
}

export interface Server {
  host: string;
  port: number;
  user: string;
  password: string;
  root: string;
}

export function ftpOptions(server: Server, extra: Partial<FtpOptions> = {}): FtpOptions {
  return { host: server.host, port: server.port, user: server.user, password: server.password, timeoutMs: 20_000, ...extra };
}

export async function session(rig: Rig, server: Server, extra: Partial<FtpOptions> = {}): Promise<FtpSession> {
  return rig.modem.ftp(ftpOptions(server, extra));
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The hostile payload of issue #4: what a naive `OK`-scanning reader would cut or misread. */
export function hostilePayload(bytes: number): Buffer {
  const unit = Buffer.from('\r\nOK\r\n+QFTPGET: 0,0\r\n+++', 'latin1');
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += unit.length) unit.copy(out, i, 0, Math.min(unit.length, bytes - i));
  return out;
}

export const random = (n: number): Buffer => randomBytes(n);

/** Everything the host wrote since `from` (an index into `rig.written`), as latin1 text. */
export const writtenText = (rig: Rig, from = 0): string => Buffer.concat(rig.written.slice(from)).toString('latin1');

/** Commands the host wrote, as the trace shows them (secrets redacted). */
export const commandsSent = (rig: Rig): string[] => rig.trace.filter((e) => e.dir === 'tx' && e.kind === 'command').map((e) => e.text);
