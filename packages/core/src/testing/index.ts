/**
 * @packageDocumentation
 * `@cellftp/core/testing`: a scripted modem and a wire trace, for driver tests
 * that need no virtual modem.
 */
export { ScriptedModem, scriptedModem, type Pause, type Script, type ScriptEntry, type ScriptReply, type ScriptedModemOptions } from './scripted-modem.js';
export { printable, traceTransport, type TraceTransportOptions, type TracedTransport, type WireRecord } from './trace-transport.js';
