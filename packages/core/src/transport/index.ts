export type { ByteTransport } from './types.js';
export { createMemoryLink } from './memory.js';
export { duplexTransport } from './duplex.js';
export { openSerialTransport, type SerialTransportOptions } from './serial.js';
export { openTcpTransport, type TcpTransportOptions } from './tcp.js';
