/**
 * The virtual SIMCom SIM7080G: host bytes in, AT dialect out, real FTP behind.
 * This file wires the parts together and applies the command-counting faults
 * (silence, reboot, bearer loss) and the per-command latency.
 */
import type { Clock } from '../links/clock.js';
import { systemClock } from '../links/clock.js';
import { CommandReader } from '../model/command-reader.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { parseAtLine } from './at-line.js';
import { basicCommand, STARTUP_LINES } from './basic.js';
import { Sim7080Context, type Sim7080Extras } from './context.js';
import { ExtState } from './ext.js';
import { ftpCommand } from './ftp-commands.js';
import { initialParams } from './params.js';
import { Output } from './output.js';

/** Longest command line: 559 characters after `AT` (AT manual V1.05 §1.4.4). */
const MAX_LINE = 561;

export class Sim7080Model implements VirtualModemModel {
  readonly #ctx: Sim7080Context;
  readonly #ext: ExtState;
  readonly #reader: CommandReader;
  readonly #out: Output;
  readonly #clock: Clock;
  #commands = 0;
  #rebooted = false;
  #pdpLost = false;
  #closed = false;

  constructor(io: ModemIo, options: ModelOptions, extras: Sim7080Extras = {}) {
    this.#clock = extras.clock ?? systemClock;
    this.#out = new Output(io, () => options.faults, this.#clock);
    this.#reader = new CommandReader({
      onCommand: (line) => this.#onCommand(line),
      echo: (bytes) => this.#out.raw(bytes),
      maxLineLength: MAX_LINE,
      onOverflow: () => this.#out.error(),
    });
    this.#ctx = new Sim7080Context(this.#out, this.#reader, options, this.#clock, extras);
    this.#ext = new ExtState(this.#ctx);
  }

  receive(chunk: Uint8Array): void {
    // A lifted silence fault: the module reads and answers again (what it ignored meanwhile stays lost).
    if (this.#out.silent && this.#ctx.faults.silentAfterCommands === undefined) this.#out.silent = false;
    if (this.#closed || this.#out.silent) return;
    this.#reader.receive(chunk);
  }

  start(): void {
    for (const line of STARTUP_LINES) this.#out.line(line);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#ctx.op?.discard();
    this.#ctx.clearTimers();
    this.#out.cancelPending();
  }

  #onCommand(line: string): void {
    const faults = this.#ctx.faults;
    this.#commands++;
    if (faults.silentAfterCommands !== undefined && this.#commands > faults.silentAfterCommands) {
      this.#out.silent = true;
      return;
    }
    const latency = this.#ctx.options.latencyMs;
    if (latency > 0) this.#ctx.timer(() => this.#execute(line), latency);
    else this.#execute(line);
  }

  #execute(line: string): void {
    const ctx = this.#ctx;
    ctx.out.boundary();
    const cmd = parseAtLine(line);
    const handled =
      cmd !== undefined &&
      (basicCommand(cmd, ctx.out, (on) => (this.#reader.echoEnabled = on)) ||
        ftpCommand(cmd, ctx, this.#ext) ||
        this.#platformCommand(cmd));
    // Unknown or malformed commands answer plain ERROR like the real module.
    if (!handled) ctx.out.error();
    this.#afterCommand();
  }

  #platformCommand(cmd: NonNullable<ReturnType<typeof parseAtLine>>): boolean {
    const ctx = this.#ctx;
    if (cmd.name === '+CNACT') return (ctx.bearer.cnact(cmd), true);
    if (cmd.name === '+CNCFG') return (ctx.bearer.cncfg(cmd), true);
    if (cmd.name === '+CSSLCFG') return (ctx.ssl.csslcfg(cmd, ctx.out, ctx.fs), true);
    return ctx.fs.command(cmd, ctx.out, (length, timeout, done) => ctx.capture(length, timeout, done));
  }

  #afterCommand(): void {
    const faults = this.#ctx.faults;
    if (!this.#pdpLost && faults.pdpLossAfterCommands !== undefined && this.#commands >= faults.pdpLossAfterCommands) {
      this.#pdpLost = true;
      this.#ctx.bearer.loseAll();
    }
    if (!this.#rebooted && faults.rebootAfterCommands !== undefined && this.#commands >= faults.rebootAfterCommands) {
      this.#rebooted = true;
      this.#reboot();
    }
  }

  /** Drops every RAM state (all FTP parameters are NO_SAVE) and prints the start-up lines again. */
  #reboot(): void {
    const ctx = this.#ctx;
    ctx.op?.discard();
    ctx.clearTimers();
    ctx.out.cancelPending();
    this.#reader.exitRaw();
    this.#reader.echoEnabled = true;
    ctx.out.cmee = 0;
    Object.assign(ctx.params, initialParams());
    ctx.bearer.reset();
    ctx.ssl.reset();
    ctx.fs.reboot();
    this.#ext.reset();
    this.start();
  }
}

/**
 * Creates the virtual SIMCom SIM7080G model.
 *
 * @example
 * ```ts
 * const model = createSim7080Model(io, { latencyMs: 0, faults: {} });
 * model.start();                       // prints RDY …
 * model.receive(Buffer.from('ATI\r')); // → "\r\nR1951.01\r\n\r\nOK\r\n"
 * ```
 */
export function createSim7080Model(io: ModemIo, options: ModelOptions, extras?: Sim7080Extras): VirtualModemModel {
  return new Sim7080Model(io, options, extras);
}
