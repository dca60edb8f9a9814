export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export { LinePacer } from './pacer.js';
export { createPacedPort, buildLink, type PacedPort } from './paced-port.js';
export { openMemoryLink } from './memory.js';
export { openPtyLink, stopChild } from './pty.js';
export { openTcpLink, type TcpLinkOptions } from './tcp.js';
export type { LinkEndpoint, LinkOptions, ModemLink } from './types.js';
