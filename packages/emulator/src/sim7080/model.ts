/** The virtual SIMCom SIM7080G: its dialect and handlers on the shared {@link ModemCore} (echo, queue, latency, clock, command-count faults). */
import type { AtCommand } from '../common/at-parse.js';
import { basicCommands } from '../common/basic-commands.js';
import { ModemCore, type CommandHandler } from '../common/modem-core.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { Sim7080Context, type Sim7080Extras } from './context.js';
import { SIM7080_BASICS, SIM7080_FRAMING } from './dialect.js';
import { ExtState } from './ext.js';
import { ftpCommand, FTP_COMMANDS } from './ftp-commands.js';
import { initialParams } from './params.js';

/** The file-system commands {@link ModuleFs.command} answers. */
const FS_COMMANDS = ['+CFSINIT', '+CFSTERM', '+CFSGFRS', '+CFSWFILE', '+CFSRFILE', '+CFSDFILE', '+CFSGFIS'];

/** SIMCom's parser keeps an empty position as an empty string (`AT+FTPUN=` sets ""). */
function blankEmpty(cmd: AtCommand): AtCommand {
  return { ...cmd, args: cmd.args.map((a) => a ?? { text: '', quoted: false }) };
}

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
      ctx.clearTimers();
      Object.assign(ctx.params, initialParams());
      ctx.bearer.reset();
      ctx.ssl.reset();
      ctx.fs.reboot();
      ext.reset();
    },
    onPdpLoss: () => ctx.bearer.loseAll(),
  });
  const ctx = new Sim7080Context(core.out, core.reader, options, core.clock, extras);
  const ext = new ExtState(ctx);
  const out = core.out;
  // The shared handlers return false for a name they do not know; that is a plain ERROR.
  const wrap = (fn: (cmd: AtCommand) => boolean): CommandHandler => (cmd) => void (fn(blankEmpty(cmd)) || out.error());
  const table: Record<string, CommandHandler> = {
    '+CNACT': wrap((cmd) => (ctx.bearer.cnact(cmd), true)),
    '+CNCFG': wrap((cmd) => (ctx.bearer.cncfg(cmd), true)),
    '+CSSLCFG': wrap((cmd) => (ctx.ssl.csslcfg(cmd, out, ctx.fs), true)),
  };
  const ftp = wrap((cmd) => ftpCommand(cmd, ctx, ext));
  for (const name of FTP_COMMANDS) table[name] = ftp;
  const fs = wrap((cmd) => ctx.fs.command(cmd, out, (length, timeout, done) => ctx.capture(length, timeout, done)));
  for (const name of FS_COMMANDS) table[name] = fs;
  core.register(basicCommands(core, SIM7080_BASICS));
  core.register(table);
  // Older firmware: AT+FTPSSL came with a later revision of the command set; some builds lack the ET transfers.
  if (variant('no-ftpssl')) core.handlers.delete('+FTPSSL');
  if (variant('no-et')) for (const name of ['+FTPETGET', '+FTPETPUT']) core.handlers.delete(name);
  return core;
}
