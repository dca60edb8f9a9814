import { createHash, randomBytes } from 'node:crypto';
import { openModem, type ByteTransport, type FtpOptions, type FtpSession, type Modem, type TraceEvent } from '@cellftp/core';
import { traceTransport } from '@cellftp/core/testing';
import { startVirtualModem, type FaultPlan, type VirtualModelName, type VirtualModem } from '@cellftp/emulator';
import { startTestFtpServer, type RunningTestFtpServer } from '@cellftp/emulator/testing';
import { simcom, type SimcomDriverOptions } from '../src/index.js';

export interface Rig {
  vm: VirtualModem;
  server: RunningTestFtpServer;
  modem: Modem;
  trace: TraceEvent[];
  /** Command lines written to the modem since the last `clearTrace()`. */
  commands(): string[];
  /** Every byte the host wrote (memory link), unredacted: what the assertions on the wire compare. */
  readonly written: Buffer[];
  /** {@link Rig.written} as latin1 text. */
  wire(): string;
  clearTrace(): void;
  ftp(options?: Partial<FtpOptions>): Promise<FtpSession>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The virtual model (default SIM7080G). */
  model?: VirtualModelName;
  link?: 'memory' | 'pty';
  baudRate?: number;
  faults?: FaultPlan;
  driver?: SimcomDriverOptions;
  server?: RunningTestFtpServer;
  variants?: string[];
  /** Activate the bearer (`connect({ apn: 'internet' })`) before returning; default true. */
  connect?: boolean;
}

/** A virtual modem with a real FTP server behind it, opened with `simcom()` and connected. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const server = options.server ?? (await startTestFtpServer());
  const vm = await startVirtualModem({ model: options.model ?? 'SIM7080G', link: options.link ?? 'memory', ...(options.baudRate ? { baudRate: options.baudRate } : {}), ...(options.faults ? { faults: options.faults } : {}), ...(options.variants ? { variants: options.variants } : {}) });
  const trace: TraceEvent[] = [];
  const written: Buffer[] = [];
  const transport = vm.transport ? traceTransport(vm.transport as ByteTransport, { only: 'tx', maxRecords: 0, onRecord: (r) => void written.push(Buffer.from(r.bytes)) }) : undefined;
  const modem = await openModem({
    ...(transport ? { transport } : { path: vm.path as string }),
    drivers: [simcom(options.driver)],
    trace: (e) => trace.push(e),
  });
  if (options.connect !== false) await modem.connect({ apn: 'internet' });
  return {
    vm,
    server,
    modem,
    trace,
    commands: () => trace.filter((e) => e.dir === 'tx' && e.kind === 'command').map((e) => e.text),
    written,
    wire: () => Buffer.concat(written).toString('latin1'),
    clearTrace: () => void trace.splice(0),
    ftp: (extra = {}) => modem.ftp({ host: server.host, port: server.port, user: server.user, password: server.password, ...extra }),
    close: async () => {
      await modem.close();
      await vm.close();
      if (!options.server) await server.stop();
    },
  };
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every byte value, several times, then random bytes. */
export function allBytes(randomTail = 5000): Buffer {
  const ramp = Buffer.alloc(256 * 4, 0).map((_, i) => i % 256);
  return Buffer.concat([ramp, randomBytes(randomTail)]);
}

/** Payload that would fool a framer scanning for text: OK, result URCs, ETX, DLE. */
export function dangerousPayload(): Buffer {
  const parts = [
    '\r\nOK\r\n+FTPGET: 1,0\r\n',
    '\x03',
    '\x10',
    '\x10\x03',
    '\r\n+FTPETGET: 1,0\r\n',
    '\r\nERROR\r\n+FTPPUT: 1,1,1360\r\n',
    '\x03\r\n+FTPLIST: 1,0\r\n',
    '\x10\x10\x03\x03',
    '\r\n+FTPEXTGET: 3,10\r\n',
  ];
  const chunk = Buffer.from(parts.join(''), 'latin1');
  return Buffer.concat([chunk, Buffer.alloc(3000, 0x03), chunk, Buffer.alloc(1500, 0x10), chunk, randomBytes(2000), chunk]);
}
