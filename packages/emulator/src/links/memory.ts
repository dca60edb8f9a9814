import { createMemoryLink } from '@cellftp/core';
import { buildLink } from './paced-port.js';
import type { LinkOptions, ModemLink } from './types.js';

/** An in-memory line (core's `createMemoryLink`); the host gets `transport`. */
export function openMemoryLink(options: LinkOptions = {}): ModemLink {
  const { host, device } = createMemoryLink('virtual-modem');
  const { link, input } = buildLink(
    { transport: host },
    (bytes) => (device.closed ? undefined : device.write(bytes)),
    async () => {
      subscription.unsubscribe();
      await device.close();
    },
    options.baudRate,
  );
  const subscription = device.data$.subscribe((chunk) => input(chunk));
  return link;
}
