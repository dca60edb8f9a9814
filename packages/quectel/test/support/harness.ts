import { createHash, randomBytes } from 'node:crypto';
import { merge, Subject } from 'rxjs';
import { openModem, type ByteTransport, type FtpOptions, type FtpSession, type Modem, type TraceEvent } from '@cellftp/core';
import { traceTransport } from '@cellftp/core/testing';
// The emulator's package entry does not export startVirtualModem yet (src/index.ts is `export {}`), so
// tests import its source directly. Switch to '@cellftp/emulator' once the entry exports it.
import { startVirtualModem, type VirtualModem, type VirtualModemOptions } from '@cellftp/emulator';
import { quectel, type QuectelDriverOptions } from '../../src/index.js';

export { startProftpd, startTestFtpServer, proftpdAvailable, requireTool } from '@cellftp/emulator/testing';
export type { ProftpdServer, RunningTestFtpServer } from '@cellftp/emulator/testing';

export interface Rig {
  vm: VirtualModem;
  modem: Modem;
  trace: TraceEvent[];
  /** Every byte the host wrote (memory link), unredacted: for exact-bytes assertions. */
  written: Buffer[];
  /** Command lines the wrapper answered with `ERROR` instead of passing them on (see {@link RigLine.refuse}). */
  refused: string[];
  close(): Promise<void>;
}

/** How the test-side line wrapper changes what the virtual modem sees. */
export interface RigLine {
  /**
   * Command lines (without CR) a firmware does not know: the wrapper answers
   * them with `ERROR` itself and the virtual modem never sees them, as an older
   * firmware would (the emulator itself is left as it is).
   */
  refuse?: RegExp;
}

/** `inner`, except that command lines matching `refuse` are answered `ERROR` here and never reach the modem. */
function refusing(inner: ByteTransport, refuse: RegExp, refused: string[]): ByteTransport {
  const answers = new Subject<Uint8Array>();
  return {
    data$: merge(inner.data$, answers),
    write: (bytes) => {
      const text = Buffer.from(bytes).toString('latin1');
      if (!/^AT[^\r]*\r$/.test(text) || !refuse.test(text.slice(0, -1))) return inner.write(bytes);
      refused.push(text.slice(0, -1));
      setImmediate(() => answers.next(Buffer.from('\r\nERROR\r\n', 'latin1')));
      return Promise.resolve();
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    close: () => {
      answers.complete();
      return inner.close();
    },
    get closed() {
      return inner.closed;
    },
    description: inner.description,
  };
}

/** A virtual EC25 opened with the Quectel driver and its PDP context active. */
export async function startRig(
  vmOptions: Partial<VirtualModemOptions> = {},
  driver: QuectelDriverOptions = {},
  line: RigLine = {},
): Promise<Rig> {
  const vm = await startVirtualModem({ model: 'EC25', link: 'memory', timing: { asyncCloseMs: 50, busyAfterDataFailureMs: 300 }, ...vmOptions });
  const trace: TraceEvent[] = [];
  const written: Buffer[] = [];
  const refused: string[] = [];
  const inner = vm.transport;
  const spy = inner && traceTransport(line.refuse ? refusing(inner, line.refuse, refused) : inner, { only: 'tx', maxRecords: 0, onRecord: (r) => void written.push(Buffer.from(r.bytes)) });
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
    refused,
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
