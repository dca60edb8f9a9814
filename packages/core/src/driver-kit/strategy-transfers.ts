import type { PayloadSink } from '../engine/command.js';
import type { ByteSource } from '../transfer/source.js';
import { countingSink } from './counting.js';
import { replayableSource } from './replayable-source.js';
import { runStrategies, StrategyMemory } from './strategies.js';

/**
 * What one modem's firmware was found to refuse, kept across its sessions,
 * one {@link StrategyMemory} per key: a direction with its attempt order
 * (`download:com,ufs,ram`), or a command family with several spellings. Keying
 * by the order keeps a user's explicit choice from being overridden by the
 * winner of an earlier session that chose differently.
 */
export class FirmwareMemory {
  readonly #memories = new Map<string, StrategyMemory<string>>();

  of<S extends string>(key: string): StrategyMemory<S> {
    let memory = this.#memories.get(key);
    if (!memory) this.#memories.set(key, (memory = new StrategyMemory<string>()));
    return memory as StrategyMemory<S>;
  }
}

/** One transfer run through a strategy table. */
export interface StrategyTransfer<S extends string> {
  /** Attempt order, from `StrategyTable.order`. */
  readonly order: readonly S[];
  readonly firmware: FirmwareMemory;
  /** Progress: bytes that reached the sink (downloads) or the module (uploads). */
  readonly onBytes: (count: number) => void;
  /**
   * True when the firmware refused the strategy's command itself. Default
   * `refusedAsUnsupported`; a vendor whose server-side refusals also read
   * UNSUPPORTED (a 502 reply) passes a stricter rule, or one server's answer
   * would be remembered as the modem's.
   */
  readonly unsupported?: (error: unknown) => boolean;
}

/**
 * Downloads with the first strategy the firmware accepts ({@link runStrategies}):
 * the flows write into a counting sink, so a strategy that delivered a byte is
 * never replaced, and progress is reported in one place.
 */
export function downloadWithStrategies<S extends string>(
  transfer: StrategyTransfer<S>,
  sink: PayloadSink,
  flow: (strategy: S, sink: PayloadSink) => Promise<number>,
): Promise<number> {
  const counted = countingSink(sink, transfer.onBytes);
  const memory = transfer.firmware.of<S>(`download:${transfer.order.join()}`);
  const options = { order: transfer.order, memory, ...(transfer.unsupported ? { unsupported: transfer.unsupported } : {}) };
  return runStrategies(options, (strategy) => flow(strategy, counted.sink), () => counted.bytes);
}

/**
 * Uploads with the first strategy the firmware accepts: the source replays
 * what a refused strategy read ahead ({@link replayableSource}); the flow
 * reports with `onBytes` what the module took, which ends the replay.
 */
export function uploadWithStrategies<S extends string>(
  transfer: StrategyTransfer<S>,
  source: ByteSource,
  flow: (strategy: S, source: ByteSource, onBytes: (count: number) => void) => Promise<number>,
): Promise<number> {
  const replay = replayableSource(source);
  let moved = 0;
  const onBytes = (count: number): void => {
    moved += count;
    replay.release();
    transfer.onBytes(count);
  };
  const memory = transfer.firmware.of<S>(`upload:${transfer.order.join()}`);
  return runStrategies(
    { order: transfer.order, memory, ...(transfer.unsupported ? { unsupported: transfer.unsupported } : {}) },
    (strategy) => {
      replay.rewind();
      return flow(strategy, replay, onBytes);
    },
    () => moved,
  );
}
