/**
 * One virtual modem in a process of its own, for the gateway bench: prints
 * `{ "path": "/dev/pts/N" }` as one JSON line and serves until stdin closes.
 * Keeping each modem out of the measured process means the bench's CPU and
 * RSS figures are the SDK's alone.
 *
 *   node --conditions=source --import tsx bench/gateway-modem-child.ts EC25 921600
 */
import { startVirtualModem } from '@cellftp/emulator';

const model = (process.argv[2] ?? 'EC25') as 'EC25' | 'SIM7080G';
const baudRate = Number(process.argv[3] ?? 921600);
const vm = await startVirtualModem({ model, link: 'pty', baudRate });
process.stdout.write(`${JSON.stringify({ path: vm.path })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void vm.close().finally(() => process.exit(0));
});
