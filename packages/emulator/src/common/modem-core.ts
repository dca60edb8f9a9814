import type { FaultPlan } from '../faults.js';
import { systemClock, type Clock } from '../links/clock.js';
import { CommandReader, type RawConsumer } from '../model/command-reader.js';
import type { ModelOptions, ModemIo, VirtualModemModel } from '../model/types.js';
import { parseAtCommand, type AtCommand } from './at-parse.js';
import { FieldNoiseSource, type FieldLines } from './field-noise.js';
import { AtOutput, type OutputStyle } from './output.js';

/** Handles one command; writes its own response. A returned promise holds the next command back. */
export type CommandHandler = (cmd: AtCommand) => void | Promise<void>;

/** The line-level facts of a dialect that the core applies. */
export interface DialectFraming extends Omit<OutputStyle, 'clock'> {
  /** Start-up lines, e.g. `['RDY']` (each framed as a URC). */
  startupLines: readonly string[];
  /** `AT+CMEE` after power-on (Quectel 1, SIMCom 0). */
  cmee: number;
  /** Longest command line accepted, `AT` included. */
  maxLineLength?: number;
  /** Unsolicited lines the field behaviours print (`ModelOptions.field`). */
  fieldLines?: FieldLines;
  /**
   * Deaf and silent this long after a restart before answering (a module with no start-up line, u-blox SARA).
   * Default 0.
   */
  restartSilenceMs?: number;
}

/** What a model plugs into {@link ModemCore} besides its command table. */
export interface DialectHooks {
  /** Called on a reboot fault or close: drop every session and timer. */
  reset(): void | Promise<void>;
  /** The PDP context / bearer drop fault. */
  onPdpLoss?(): void;
}

type CountFault = 'silentAfterCommands' | 'rebootAfterCommands' | 'pdpLossAfterCommands';

/**
 * The dialect-free engine of every virtual modem: host bytes → echo and command lines → one command at a time
 * (with the configured latency, on the injected clock) → a handler from the dialect's table. It also applies
 * the command-count faults (silence, reboot, PDP loss).
 */
export class ModemCore implements VirtualModemModel {
  readonly out: AtOutput;
  readonly reader: CommandReader;
  readonly clock: Clock;
  readonly handlers = new Map<string, CommandHandler>();
  readonly #options: ModelOptions;
  readonly #framing: DialectFraming;
  readonly #hooks: DialectHooks;
  /** The threshold each count fault last fired at: a fault set anew fires again, an unchanged one once. */
  readonly #fired = new Map<CountFault, number>();
  #queue: string[] = [];
  #running = false;
  #commands = 0;
  #closed = false;
  /** Booting (silent, deaf) or powered down: host bytes are lost. */
  #off = false;
  #bootTimer: unknown;
  /** When the host's last byte arrived (clock time), in any mode: the `+++` guard counts from it. */
  lastHostByteAt: number;

  constructor(io: ModemIo, options: ModelOptions, framing: DialectFraming, hooks: DialectHooks) {
    this.#options = options;
    this.#framing = framing;
    this.#hooks = hooks;
    this.clock = options.clock ?? systemClock;
    this.lastHostByteAt = this.clock.now();
    this.out = new AtOutput(io, () => this.faults, { ...framing, clock: this.clock });
    this.out.cmee = framing.cmee;
    if (options.field) this.out.noise = new FieldNoiseSource(options.field, framing.fieldLines ?? { network: [] }, this.clock);
    this.reader = new CommandReader({
      onCommand: (line) => this.#enqueue(line),
      echo: (bytes) => this.out.echo(bytes),
      maxLineLength: framing.maxLineLength,
      onOverflow: () => this.out.error(),
    });
  }

  get faults(): FaultPlan {
    return this.#options.faults;
  }

  get options(): ModelOptions {
    return this.#options;
  }

  /** Registers handlers by command name (`AT`, `E`, `+QFTPCFG`, …). */
  register(table: Record<string, CommandHandler>): void {
    for (const [name, handler] of Object.entries(table)) this.handlers.set(name.toUpperCase(), handler);
  }

  receive(chunk: Uint8Array): void {
    if (this.#off) return;
    if (chunk.length > 0) this.lastHostByteAt = this.clock.now();
    // A lifted silence fault: the module reads and answers again (what it ignored meanwhile stays lost).
    if (this.out.muted && this.faults.silentAfterCommands === undefined) this.out.muted = false;
    if (this.#closed || this.out.muted) return;
    this.reader.receive(chunk);
  }

  /** Routes host bytes to `consumer` (data mode) until it declines bytes or `exitRaw()`. */
  enterRaw(consumer: RawConsumer): void {
    this.reader.enterRaw(consumer);
  }

  exitRaw(): void {
    this.reader.exitRaw();
  }

  /** Prints the start-up lines, after the boot silence of the field behaviours if one is set. */
  start(): void {
    this.#boot(this.#options.field?.bootSilenceMs ?? 0);
  }

  #boot(silenceMs: number): void {
    const print = (): void => {
      const lines = this.#framing.startupLines;
      if (this.out.noise) this.out.noise.boot(lines, (line) => this.out.interject(line), () => this.out.canInterject());
      else for (const line of lines) this.out.line(line);
    };
    if (this.#bootTimer !== undefined) this.clock.clearTimeout(this.#bootTimer);
    if (silenceMs <= 0) {
      this.#off = false;
      return print();
    }
    this.#off = true;
    this.#bootTimer = this.clock.setTimeout(() => {
      this.#off = false;
      print();
    }, silenceMs);
  }

  /** Prints `line` (if any) and goes deaf and silent for good, like a module that powered down. */
  powerDown(line?: string): void {
    this.#queue = [];
    this.out.noise?.cancel();
    if (line !== undefined) this.out.line(line);
    this.#off = true;
    this.out.muted = true;
    void this.#hooks.reset();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#bootTimer !== undefined) this.clock.clearTimeout(this.#bootTimer);
    this.out.noise?.cancel();
    this.#queue = [];
    this.out.cancelPending();
    await this.#hooks.reset();
  }

  /** Resolves after `ms` on the model's clock. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  #enqueue(line: string): void {
    this.#queue.push(line);
    this.#drain();
  }

  /**
   * Runs queued commands; a command whose handler answers synchronously runs within the host's chunk, so a
   * data phase it opens takes the very next bytes.
   */
  #drain(): void {
    while (!this.#running && !this.#closed && this.#queue.length > 0) {
      const pending = this.#execute(this.#queue.shift() as string);
      if (!pending) continue;
      this.#running = true;
      void pending.then(() => {
        this.#running = false;
        this.#drain();
      });
    }
  }

  #execute(line: string): Promise<void> | undefined {
    this.#commands++;
    const faults = this.faults;
    if (faults.silentAfterCommands !== undefined && this.#commands > faults.silentAfterCommands) {
      this.out.muted = true;
      this.#queue = [];
      return undefined;
    }
    const latency = this.#options.latencyMs;
    return latency > 0 ? this.delay(latency).then(() => this.#run(line)) : this.#run(line);
  }

  #run(line: string): Promise<void> | undefined {
    if (this.#closed) return undefined;
    this.out.boundary();
    const cmd = parseAtCommand(line);
    const handler = cmd ? this.handlers.get(cmd.name) : undefined;
    let result: void | Promise<void> = undefined;
    this.out.inAnswer = true;
    try {
      if (!cmd || !handler) this.out.error();
      else result = handler(cmd);
    } catch {
      // A handler bug must not wedge the line: answer like a module would.
      this.out.error();
    }
    const answered = (): Promise<void> | undefined => {
      this.out.inAnswer = false;
      return this.#afterCommand();
    };
    if (result instanceof Promise) return result.catch(() => this.out.error()).then(answered);
    return answered();
  }

  #afterCommand(): Promise<void> | undefined {
    if (this.#due('pdpLossAfterCommands')) this.#hooks.onPdpLoss?.();
    const silence = (): void => {
      // A silent modem does not even echo what follows.
      const at = this.faults.silentAfterCommands;
      if (at !== undefined && this.#commands >= at) this.out.muted = true;
    };
    if (this.#due('rebootAfterCommands')) return this.reboot().then(silence);
    silence();
    return undefined;
  }

  /** True once per threshold when the command count has reached a count fault. */
  #due(fault: CountFault): boolean {
    const at = this.faults[fault];
    if (at === undefined || this.#commands < at || this.#fired.get(fault) === at) return false;
    this.#fired.set(fault, at);
    return true;
  }

  /** Drops every state and prints the start-up lines, like a module that reset. */
  async reboot(): Promise<void> {
    this.#queue = [];
    const silenceMs = Math.max(this.#options.field?.bootSilenceMs ?? 0, this.#framing.restartSilenceMs ?? 0);
    // A module with a boot time is deaf from the moment it resets.
    if ((this.#framing.restartSilenceMs ?? 0) > 0) this.#off = true;
    this.reader.exitRaw();
    this.reader.echoEnabled = true;
    this.out.cancelPending();
    this.out.noise?.cancel();
    this.out.cmee = this.#framing.cmee;
    await this.#hooks.reset();
    this.#boot(silenceMs);
  }
}
