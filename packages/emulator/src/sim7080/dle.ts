/**
 * DLE/ETX framing of AT+FTPETPUT / AT+FTPETGET (AT manual V1.05 §15.2.24–25 notes): in data mode a bare ETX (0x03) ends the file, and payload ETX and
 * DLE (0x10) bytes travel as DLE ETX and DLE DLE. Core's `unescapeDle` takes a complete payload; the modem needs the streaming decoder below, which
 * also finds the bare ETX.
 */
import { UnstuffStream } from '@cellftp/core';

export const ETX = 0x03;
export const DLE = 0x10;

/**
 * Escapes payload bytes for the serial line (modem → host in FTPETGET): the same vendor-neutral stuffing the host side uses, so it comes from core.
 */
export { escapeDle as stuff } from '@cellftp/core';

/**
 * Decodes the host's stuffed stream (FTPETPUT) across chunk boundaries: a DLE makes the next byte literal whatever it is — the manual only says an
 * ETX preceded by DLE is data, so DLE followed by another byte yields that byte. A bare ETX ends the file.
 */
export function unstuffer(): UnstuffStream {
  return new UnstuffStream(DLE, ETX);
}
