/**
 * Shared by the examples: a virtual modem and an FTP server on 127.0.0.1, so
 * each example runs with one command and no hardware. Your own code starts at
 * `openModem` with a real device path instead.
 */
import { spawnSync } from 'node:child_process';
import { openModem, type FtpSession, type Modem } from '@cellftp/core';
import { startTestFtpServer, startVirtualModem, virtualModel, type RunningTestFtpServer, type VirtualModelName, type VirtualModem } from '@cellftp/emulator';
import { quectel } from '@cellftp/quectel';
import { simcom } from '@cellftp/simcom';

/** A running virtual modem, the FTP server behind it, and the opened modem. */
export interface Rig {
  server: RunningTestFtpServer;
  vm: VirtualModem;
  modem: Modem;
  /** Logs in again (after a dropped session, for instance). */
  openFtp(): Promise<FtpSession>;
}

/** Which module an example runs against: the first argument, `EC25` by default (an unknown one fails with the list). */
export function modelFromArgs(argv = process.argv): VirtualModelName {
  return virtualModel(argv[2] ?? 'EC25').name;
}

/**
 * Starts the server and a virtual `model` (on a pty when socat is installed,
 * in memory otherwise), opens it with both drivers and activates the data
 * context; runs `fn`; tears everything down.
 */
export async function withEmulator<T>(model: VirtualModelName, fn: (rig: Rig) => Promise<T>): Promise<T> {
  const baudRate = 921_600;
  const link = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0 ? 'pty' : 'memory';
  const server = await startTestFtpServer({ user: 'example', password: 'example-password' });
  let vm: VirtualModem | undefined;
  let modem: Modem | undefined;
  try {
    vm = await startVirtualModem({ model, link, baudRate });
    const where = vm.path !== undefined ? { path: vm.path } : { transport: vm.transport! };
    modem = await openModem({ ...where, baudRate, drivers: [quectel(), simcom()] });
    await modem.connect({ apn: 'internet' });
    const opened = modem;
    const openFtp = () => opened.ftp({ host: server.host, port: server.port, user: server.user, password: server.password });
    return await fn({ server, vm, modem, openFtp });
  } finally {
    await modem?.close();
    await vm?.close();
    await server.stop();
  }
}

/** True when this module is the script node was asked to run (not imported by a test). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && new URL(url).pathname === process.argv[1];
}

/**
 * Runs an example's `main` when the file is the script node was asked to run,
 * then exits: ftp-srv (the test server) can leave a passive data socket open
 * after `stop()`, which would otherwise keep the process alive.
 */
export function runIfMain(url: string, main: () => Promise<void>): void {
  if (!isMain(url)) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
