import type { FaultPlan } from '../faults.js';
import { CommandReader, type RawConsumer } from '../model/command-reader.js';
import type { ModelOptions, ModemIo } from '../model/types.js';
import { parseAtCommand, type AtCommand } from './at-parse.js';
import { AtOutput } from './output.js';

/** Handles one command; writes its own response. A returned promise holds the next command back. */
export type CommandHandler = (cmd: AtCommand) => void | Promise<void>;

/** What a dialect plugs into {@link ModemCore}. */
export interface DialectHooks {
  /** Start-up lines, e.g. `['RDY']` (each framed as a URC). */
  startupLines: string[];
  /** Verbose text for `AT+CMEE=2`. */
  errorText?: (code: number) => string | undefined;
  /** Called on a reboot fault or close: drop every session and timer. */
  reset(): void | Promise<void>;
  /** The PDP context / bearer drop fault. */
  onPdpLoss?(): void;
}

/**
 * The dialect-free engine of a virtual modem: host bytes → echo and command
 * lines → one command at a time (with the configured latency) → a handler
 * from the dialect's table. It also applies the command-count faults
 * (silence, reboot, PDP loss).
 */
export class ModemCore {
  readonly out: AtOutput;
  readonly reader: CommandReader;
  readonly handlers = new Map<string, CommandHandler>();
  readonly #options: ModelOptions;
  readonly #hooks: DialectHooks;
  #queue: string[] = [];
  #running = false;
  #commands = 0;
  #closed = false;
  /** When the host's last byte arrived (`performance.now()`), in any mode: the `+++` guard counts from it. */
  lastHostByteAt = performance.now();

  constructor(io: ModemIo, options: ModelOptions, hooks: DialectHooks) {
    this.#options = options;
    this.#hooks = hooks;
    this.out = new AtOutput(io, () => this.faults, hooks.errorText);
    this.reader = new CommandReader({
      onCommand: (line) => this.#enqueue(line),
      echo: (bytes) => this.out.raw(bytes),
      onOverflow: () => this.out.error(),
    });
  }

  get faults(): FaultPlan {
    return this.#options.faults;
  }

  /** Registers handlers by command name (`AT`, `E`, `+QFTPCFG`, …). */
  register(table: Record<string, CommandHandler>): void {
    for (const [name, handler] of Object.entries(table)) this.handlers.set(name.toUpperCase(), handler);
  }

  receive(chunk: Uint8Array): void {
    if (chunk.length > 0) this.lastHostByteAt = performance.now();
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

  start(): void {
    for (const line of this.#hooks.startupLines) this.out.line(line);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#queue = [];
    this.out.cancelPending();
    await this.#hooks.reset();
  }

  #enqueue(line: string): void {
    this.#queue.push(line);
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#queue.length > 0 && !this.#closed) {
      const line = this.#queue.shift() as string;
      await this.#execute(line);
    }
    this.#running = false;
  }

  async #execute(line: string): Promise<void> {
    this.#commands++;
    const faults = this.faults;
    if (faults.silentAfterCommands !== undefined && this.#commands > faults.silentAfterCommands) {
      this.out.muted = true;
      this.#queue = [];
      return;
    }
    if (this.#options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.#options.latencyMs));
    const cmd = parseAtCommand(line);
    const handler = cmd ? this.handlers.get(cmd.name) : undefined;
    try {
      if (!cmd || !handler) this.out.error();
      else await handler(cmd);
    } catch {
      // A handler bug must not wedge the line: answer like a module would.
      this.out.error();
    }
    if (faults.pdpLossAfterCommands !== undefined && this.#commands === faults.pdpLossAfterCommands) this.#hooks.onPdpLoss?.();
    if (faults.rebootAfterCommands !== undefined && this.#commands === faults.rebootAfterCommands) await this.reboot();
    // A silent modem does not even echo what follows.
    if (faults.silentAfterCommands !== undefined && this.#commands >= faults.silentAfterCommands) this.out.muted = true;
  }

  /** Drops every state and prints the start-up lines, like a module that reset. */
  async reboot(): Promise<void> {
    this.#queue = [];
    this.reader.exitRaw();
    this.reader.echoEnabled = true;
    this.out.cancelPending();
    this.out.cmee = 1;
    await this.#hooks.reset();
    this.start();
  }
}
