import { FtpError, openModem, openSerialTransport, openTcpTransport, type ByteTransport, type Modem, type ModemDriver, type TraceEvent } from '@cellftp/core';
import { STANDARD_BAUD_RATES } from './baud.js';
import { CliError, EXIT } from './exit-codes.js';
import { describePort, parsePort, type PortTarget } from './port.js';

/** What {@link openCliModem} needs. */
export interface OpenCliModemOptions {
  port: string;
  baudRate: number;
  /** How long a silent module is waited for (openModem's `readyTimeoutMs`). */
  readyTimeoutMs?: number;
  drivers: readonly ModemDriver[];
  signal: AbortSignal;
  trace?: (event: TraceEvent) => void;
}

/**
 * Opens `--port` (a device, or `tcp://host:port`) and identifies the module.
 * A port that does not answer is reported with what a field engineer needs at
 * 3 a.m.: how long was waited and whether anything at all came back (garbage
 * means a wrong `--baud`; silence means the wrong port, or no power).
 */
export async function openCliModem(options: OpenCliModemOptions): Promise<Modem> {
  const target = parsePort(options.port);
  const transport = await openTransport(target, options.baudRate);
  const heard = listen(transport);
  const started = Date.now();
  try {
    return await openModem({
      transport,
      baudRate: options.baudRate,
      ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      drivers: options.drivers,
      signal: options.signal,
      ...(options.trace ? { trace: options.trace } : {}),
    });
  } catch (error) {
    await transport.close().catch(() => undefined);
    if (error instanceof FtpError && error.code === 'TIMEOUT' && !options.signal.aborted) {
      throw new CliError(EXIT.MODEM, 'TIMEOUT', silenceReport(target, options.baudRate, Date.now() - started, heard.bytes, heard.sample()), { cause: error });
    }
    throw error;
  } finally {
    heard.stop();
  }
}

/** The message for a port that gave no AT answer. */
export function silenceReport(target: PortTarget, baudRate: number, waitedMs: number, bytes: number, sample: string): string {
  const where = target.kind === 'serial' ? `${describePort(target)} at ${baudRate} baud` : describePort(target);
  const head = `no AT answer from ${where} after ${(waitedMs / 1000).toFixed(1)} s`;
  if (bytes === 0) {
    return `${head}: nothing at all came back. Is the module powered and is this its AT port (not the NMEA or modem-data port)? Is ModemManager holding it? See docs/hardware.md.`;
  }
  const rates = target.kind === 'serial' ? ` Standard rates: ${STANDARD_BAUD_RATES.join(', ')}.` : '';
  return `${head}, but ${bytes} bytes that were no AT answer came back (${sample}). Garbage like that usually means a wrong --baud (modules start at 115200).${rates}`;
}

async function openTransport(target: PortTarget, baudRate: number): Promise<ByteTransport> {
  try {
    return target.kind === 'serial'
      ? await openSerialTransport({ path: target.path, baudRate })
      : await openTcpTransport({ host: target.host, port: target.port });
  } catch (error) {
    throw new FtpError('MODEM', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Counts what the line delivers while the module is being identified (a second subscriber; the transport shares). */
function listen(transport: ByteTransport): { readonly bytes: number; sample(): string; stop(): void } {
  let bytes = 0;
  const first: number[] = [];
  const sub = transport.data$.subscribe({
    next: (chunk) => {
      bytes += chunk.length;
      for (const b of chunk) if (first.length < 16) first.push(b);
    },
    error: () => undefined,
  });
  return {
    get bytes() {
      return bytes;
    },
    sample: () => `first bytes ${first.map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    stop: () => sub.unsubscribe(),
  };
}
