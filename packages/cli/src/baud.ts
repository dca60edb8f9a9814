import { usageError } from './exit-codes.js';

/**
 * The rates a Linux serial driver can set (termios `B…` constants from 1200
 * up), which is what USB modems and UARTs accept. Anything else is almost
 * always a typo, so it is refused with this list rather than tried.
 */
export const STANDARD_BAUD_RATES: readonly number[] = [
  1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000,
  1500000, 2000000, 2500000, 3000000, 3500000, 4000000,
];

/** Parses `--baud`: a standard rate, or a usage error that lists them. */
export function parseBaud(value: string): number {
  const n = Number(value);
  if (/^\d+$/.test(value) && STANDARD_BAUD_RATES.includes(n)) return n;
  throw usageError(`--baud ${value} is not a standard serial rate; use one of ${STANDARD_BAUD_RATES.join(', ')}`);
}
