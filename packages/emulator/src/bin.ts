#!/usr/bin/env node
/**
 * `cellftp-emulator --model EC25 [--link pty|tcp] [--baud N] [--port N] [--latency MS]`:
 * starts a virtual modem, prints where to reach it, serves until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startVirtualModem } from './start.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'EC25' },
      link: { type: 'string', default: 'pty' },
      baud: { type: 'string' },
      port: { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const model = values.model?.toUpperCase();
  if (values.help || (model !== 'EC25' && model !== 'SIM7080G') || (values.link !== 'pty' && values.link !== 'tcp')) {
    process.stderr.write('usage: cellftp-emulator --model EC25|SIM7080G [--link pty|tcp] [--baud N] [--port N] [--latency MS]\n');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const vm = await startVirtualModem({
    model,
    link: values.link,
    ...(values.baud ? { baudRate: Number(values.baud) } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.latency ? { latencyMs: Number(values.latency) } : {}),
  });
  process.stdout.write(vm.path ? `${model} on ${vm.path}\n` : `${model} on tcp 127.0.0.1:${vm.port}\n`);
  const stop = (): void => {
    void vm.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`cellftp-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
