/**
 * The virtual SIMCom SIM7080G: its dialect and handlers on the shared {@link ModemCore} (echo, queue,
 * latency, clock, command-count faults).
 */
import { basicCommands } from '../common/basic-commands.js';
import { ModemCore, type CommandHandler } from '../common/modem-core.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { Sim7080Context, type Sim7080Extras } from './context.js';
import { SIM7080_BASICS, SIM7080_FRAMING } from './dialect.js';
import { ExtState } from './ext.js';
import { ftpCommands } from './ftp-commands.js';
import { initialParams } from './params.js';

/**
 * Creates the virtual SIMCom SIM7080G model.
 *
 * @example
 * ```ts
 * const model = createSim7080Model(io, { latencyMs: 0, faults: {} });
 * model.start();                       // prints RDY …
 * model.receive(Buffer.from('ATI\r')); // → "ATI\r\r\nR1951.01\r\n\r\nOK\r\n"
 * ```
 */
export function createSim7080Model(io: ModemIo, options: ModelOptions, extras: Sim7080Extras = {}): VirtualModemModel {
  const variant = (name: string): boolean => options.variants?.has(name) === true;
  // The application notes print result lines without the space after the colon (`+FTPGET:1,1`).
  const framing = variant('no-space') ? { ...SIM7080_FRAMING, rewrite: (t: string) => t.replace(/^(\+FTP\w+): /, '$1:') } : SIM7080_FRAMING;
  const core: ModemCore = new ModemCore(io, options, framing, {
    // Every FTP parameter is NO_SAVE: a restart drops all RAM state; flash files survive.
    reset: () => {
      ctx.op?.discard();
      ctx.timers.clear();
      Object.assign(ctx.params, initialParams());
      ctx.bearer.reset();
      ctx.ssl.reset();
      ctx.fs.initialised = false;
      ext.reset();
    },
    onPdpLoss: () => ctx.bearer.loseAll(),
  });
  const ctx = new Sim7080Context(core.out, core.reader, options, core.clock, extras);
  const ext = new ExtState(ctx);
  const out = core.out;
  const table: Record<string, CommandHandler> = {
    '+CNACT': (cmd) => ctx.bearer.cnact(cmd),
    '+CNCFG': (cmd) => ctx.bearer.cncfg(cmd),
    '+CSSLCFG': (cmd) => ctx.ssl.csslcfg(cmd, out, ctx.fs),
    ...ftpCommands(ctx, ext),
    ...ctx.fs.commands(out, (length, timeout, done) => ctx.capture(length, timeout, done)),
  };
  // Older firmware: AT+FTPSSL came with a later revision of the command set; some builds lack the ET
  // transfers.
  if (variant('no-ftpssl')) delete table['+FTPSSL'];
  if (variant('no-et')) for (const name of ['+FTPETGET', '+FTPETPUT']) delete table[name];
  core.register(basicCommands(core, SIM7080_BASICS));
  // SIMCom's parser keeps an empty position as an empty string (`AT+FTPUN=` sets "").
  for (const [name, handler] of Object.entries(table)) core.handlers.set(name, (cmd) => handler({ ...cmd, args: cmd.args.map((a) => a ?? { text: '', quoted: false }) }));
  return core;
}
