/**
 * One virtual modem in a process of its own, for the gateway bench: prints
 * `{ "path": "/dev/pts/N" }` as one JSON line and serves until stdin closes.
 * Keeping each modem out of the measured process means the bench's CPU and
 * RSS figures are the SDK's alone. CELLFTP_BENCH_CHILD_PROF=<dir> writes this
 * process's CPU profile there (`modem-<pid>.cpuprofile`) when it stops.
 *
 *   node --conditions=source --import tsx bench/gateway-modem-child.ts EC25 921600
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startVirtualModem } from '@cellftp/emulator';

const model = (process.argv[2] ?? 'EC25') as 'EC25' | 'SIM7080G';
const baudRate = Number(process.argv[3] ?? 921600);
const profDir = process.env.CELLFTP_BENCH_CHILD_PROF;
const stopProfile = profDir ? await startProfile(join(profDir, `modem-${process.pid}.cpuprofile`)) : undefined;
const vm = await startVirtualModem({ model, link: 'pty', baudRate });
process.stdout.write(`${JSON.stringify({ path: vm.path })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void vm
    .close()
    .then(() => stopProfile?.())
    .finally(() => process.exit(0));
});

async function startProfile(path: string): Promise<() => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
  };
}
