/**
 * The driver kit: the pieces every vendor driver is built from, so a vendor
 * package is tables plus the few flows that truly differ.
 */
export { abortedError, checkAborted } from './aborted.js';
export type { BusyRule, ModuleFtpState } from './busy-rule.js';
export { codeTable, type CodeContext, type CodeEntry, type CodeTable, type CodeTableSpec } from './code-table.js';
export { countingSink, countingSource, type CountingSink, type CountingSource } from './counting.js';
export { delay } from './delay.js';
export { LossWatch, RESTART_LOSSES, type Loss, type LossRule } from './loss-watch.js';
export {
  OperationRunner,
  type Operation,
  type OperationResult,
  type OperationRunnerOptions,
  type VendorRules,
} from './operation-runner.js';
export { fieldResult, type FieldLayout, type ParsedResult, type ResultShape } from './result-shape.js';
export { SessionState } from './session-state.js';
export {
  refusedAsUnsupported,
  runStrategies,
  StrategyMemory,
  strategyTable,
  type RunStrategiesOptions,
  type StrategyTable,
} from './strategies.js';
export { openingResult, type OpeningLayout } from './opening-result.js';
export { replayableSource, type ReplayableSource } from './replayable-source.js';
export { exactChunks, readWhole } from './sized-source.js';
export { downloadWithStrategies, FirmwareMemory, uploadWithStrategies, type StrategyTransfer } from './strategy-transfers.js';
