import { spawn, type ChildProcess } from 'node:child_process';
import { openSerialTransport } from '@cellftp/core';
import { FdWriter } from './fd-writer.js';
import { buildLink } from './paced-port.js';
import type { LinkOptions, ModemLink } from './types.js';

/**
 * A pseudo-serial line made by `socat -d -d pty,raw,echo=0 pty,raw,echo=0`:
 * the host opens `path` with serialport, the modem opens the other end the
 * same way (8-bit clean, TOOLCHAIN.md). A pty ignores the baud rate, so the
 * link paces itself when `baudRate` is given.
 */
export async function openPtyLink(options: LinkOptions = {}): Promise<ModemLink> {
  const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => socat.once('close', () => resolve()));
  const [hostPath, modemPath] = await ptyPaths(socat);
  const device = await openSerialTransport({ path: modemPath, baudRate: options.baudRate ?? 115200 });
  // serialport opened the line (lock, raw 8N1) and reads; output takes the event loop's non-blocking write.
  const writer = FdWriter.open(modemPath, (bytes) => device.write(bytes));
  const { link, input } = buildLink(
    { path: hostPath },
    (bytes) => (device.closed ? undefined : writer ? writer.write(bytes) : device.write(bytes)),
    async () => {
      subscription.unsubscribe();
      writer?.close();
      // Once the host side has gone, socat exits and serialport may never emit
      // 'close' for the orphaned pty: do not wait for it forever.
      await Promise.race([device.close(), new Promise((r) => setTimeout(r, 300))]);
      if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
      await exited;
    },
    options.baudRate,
  );
  const subscription = device.data$.subscribe({ next: (chunk) => input(chunk), error: () => undefined });
  return link;
}

/** Reads socat's two "PTY is /dev/pts/N" lines and waits for its transfer loop to start. */
function ptyPaths(socat: ChildProcess): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`socat did not start: ${text}`)), 5000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socat.kill('SIGTERM');
      reject(err);
    };
    socat.once('error', (err) => fail(new Error(`cannot run socat (is it installed?): ${err.message}`)));
    const onExit = (code: number | null): void => fail(new Error(`socat exited with ${code}: ${text}`));
    socat.once('exit', onExit);
    socat.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('starting data transfer loop')) return;
      const paths = [...text.matchAll(/PTY is (\S+)/g)].map((m) => m[1] as string);
      clearTimeout(timer);
      socat.off('exit', onExit);
      if (paths.length < 2) return reject(new Error(`unexpected socat output: ${text}`));
      resolve([paths[0] as string, paths[1] as string]);
    });
  });
}

/** SIGTERM and wait, so no orphan lingers (this machine's PID 1 does not reap). */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
