#!/usr/bin/env node
/**
 * `cellftp-emulator --model <name> [--link pty|tcp] [--baud N] [--tcp-port N] [--latency MS] [--variant
 * V]...`: starts a virtual modem, prints where to reach it (in the form `cellftp --port` takes), serves until
 * Ctrl-C. The flags are `cellftp emulate`'s; `--port` is kept as an old spelling of `--tcp-port`.
 */
import { parseArgs } from 'node:util';
import { virtualModel, virtualModelNames } from './models.js';
import { startVirtualModem } from './start.js';

const USAGE = `usage: cellftp-emulator --model ${virtualModelNames().join('|')} [--link pty|tcp] [--baud N] [--tcp-port N] [--latency MS] [--variant NAME]...\n`;

/** A whole number within `[min, max]`, or an error naming the option. */
function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'EC25' },
      link: { type: 'string', default: 'pty' },
      baud: { type: 'string' },
      'tcp-port': { type: 'string' },
      port: { type: 'string' },
      latency: { type: 'string' },
      variant: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  // Every argument is checked before socat is started, so a bad one never leaves a pty behind.
  const model = virtualModel(values.model ?? 'EC25').name;
  const link = values.link;
  if (link !== 'pty' && link !== 'tcp') throw new Error(`--link must be pty or tcp, got "${link}"`);
  const baudRate = integer('baud', values.baud, 1, 16_000_000);
  const port = integer('tcp-port', values['tcp-port'] ?? values.port, 0, 65_535);
  const latencyMs = integer('latency', values.latency, 0, 3_600_000);
  const vm = await startVirtualModem({ model, link, baudRate, port, latencyMs, variants: values.variant });
  process.stdout.write(`${model} on ${vm.path ?? `127.0.0.1:${vm.port}`}\n`);
  const stop = (): void => {
    void vm.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`cellftp-emulator: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exitCode = 2;
});
