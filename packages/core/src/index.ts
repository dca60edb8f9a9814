/**
 * @packageDocumentation
 * cellftp core: byte transports, the AT engine (framing → command engine →
 * URC stream), vendor-neutral FTP session types, typed errors and modem opening.
 */
export * from './transport/index.js';
export * from './framing/index.js';
export * from './engine/index.js';
export * from './urc/index.js';
export * from './errors/index.js';
export * from './trace/index.js';
export * from './session/index.js';
export * from './transfer/index.js';
export * from './validate/index.js';
export * from './modem/index.js';
export * from './driver-kit/index.js';
export * from './fleet/index.js';
