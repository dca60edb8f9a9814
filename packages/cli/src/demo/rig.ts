import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openModem, type Modem, type TraceEvent } from '@cellftp/core';
import type { RunningTestFtpServer, VirtualModelName, VirtualModem } from '@cellftp/emulator';
import { loadEmulator } from '../emulator.js';
import { allDrivers } from '../session.js';

/** The emulated modules the demo runs: every model in the emulator's registry, in its order. */
export async function demoModels(): Promise<VirtualModelName[]> {
  return (await loadEmulator('demo')).virtualModelNames();
}

/**
 * Models that stage every transfer in a flash smaller than the demo's default
 * payload: a SARA-R4 holds 236 800 bytes (R4-MAN §16, digest §10), so it
 * moves at most 200 KiB, and the closing table says so in its size columns.
 */
const SIZE_BOUNDS: Readonly<Record<string, number>> = { 'SARA-R410M': 200 * 1024 };

/** The payload size the demo moves through `model`. */
export function demoSize(model: VirtualModelName, size: number): number {
  return Math.min(size, SIZE_BOUNDS[model] ?? size);
}

/** True when Debian's `socat` can make pty pairs here. */
export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** A virtual modem opened through `openModem`, exactly as a real one would be. */
export interface DemoModem {
  readonly model: VirtualModelName;
  readonly vm: VirtualModem;
  readonly modem: Modem;
}

/** An in-process FTP server on 127.0.0.1 with a fresh random password. */
export async function startDemoServer(): Promise<RunningTestFtpServer> {
  const { startTestFtpServer } = await loadEmulator('demo');
  return startTestFtpServer({ user: 'demo', password: randomBytes(9).toString('base64url') });
}

/**
 * Starts one virtual modem on `link` at `baudRate` and opens it with every
 * driver: detection, not the demo, decides which driver runs it.
 */
export async function openDemoModem(
  model: VirtualModelName,
  link: 'pty' | 'memory',
  baudRate: number,
  trace?: (event: TraceEvent) => void,
): Promise<DemoModem> {
  const { startVirtualModem } = await loadEmulator('demo');
  const vm = await startVirtualModem({ model, link, baudRate });
  try {
    const where = vm.path !== undefined ? { path: vm.path } : vm.transport !== undefined ? { transport: vm.transport } : undefined;
    if (!where) throw new Error(`virtual ${model} gave neither a path nor a transport`);
    const modem = await openModem({ ...where, baudRate, drivers: allDrivers(), ...(trace ? { trace } : {}) });
    return { model, vm, modem };
  } catch (error) {
    await vm.close();
    throw error;
  }
}
