import { SerialPort } from 'serialport';
import { lookupUsbModem, type InterfaceRole, type UsbModemEntry } from './usb-ids.js';

/** A serial port as the OS lists it, the fields findModems uses. */
export interface ListedPort {
  readonly path: string;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly pnpId?: string | undefined;
  readonly locationId?: string | undefined;
  readonly manufacturer?: string | undefined;
}

/** A listed port matched against the USB table. */
export interface CandidatePort {
  readonly path: string;
  /** USB interface number, when the OS told us (Linux by-id `-ifNN`, Windows `MI_NN`). */
  readonly interfaceNumber?: number;
  /** The table's role for that interface, when known. */
  readonly role?: InterfaceRole;
  readonly entry?: UsbModemEntry;
  /** Ports of the same physical module share this key. */
  readonly deviceKey: string;
}

/** serialport's own listing (`@serialport/bindings-cpp` list: udevadm on Linux). */
export async function listSerialPorts(): Promise<ListedPort[]> {
  return SerialPort.list();
}

/** The USB interface number from a port's pnpId: `usb-Quectel_EC25-if02-port0` or `USB\VID_2C7C&PID_0125&MI_02\…`. */
export function interfaceNumberOf(pnpId: string | undefined): number | undefined {
  if (!pnpId) return undefined;
  const m = /-if(\d{2})(?:-|$)/i.exec(pnpId) ?? /&MI_(\d{2})/i.exec(pnpId);
  return m ? Number.parseInt(m[1] as string, 10) : undefined;
}

/**
 * Matches listed ports against the USB table. Ports of unknown USB devices
 * are dropped (a USB-serial adapter to an Arduino is not ours to open);
 * known ones are ordered AT interface first within each module.
 */
export function candidatesFrom(ports: readonly ListedPort[]): CandidatePort[] {
  const out: CandidatePort[] = [];
  for (const port of ports) {
    const entry = lookupUsbModem(port.vendorId, port.productId);
    if (!entry) continue;
    const interfaceNumber = interfaceNumberOf(port.pnpId);
    const role = interfaceNumber === undefined ? undefined : entry.interfaces[interfaceNumber];
    // The interface suffix is stripped so every port of one module shares the key.
    const device = port.serialNumber ?? port.locationId ?? port.pnpId?.replace(/-if\d{2}.*$|&MI_\d{2}.*$/i, '') ?? port.path;
    out.push({
      path: port.path,
      ...(interfaceNumber === undefined ? {} : { interfaceNumber }),
      ...(role === undefined ? {} : { role }),
      entry,
      deviceKey: `${entry.vendorId}:${entry.productId}:${device}`,
    });
  }
  const rank = (c: CandidatePort): number => (c.interfaceNumber === c.entry?.atInterface ? 0 : c.role === 'at' || c.role === 'modem' || c.role === undefined ? 1 : 2);
  return out.sort((a, b) => a.deviceKey.localeCompare(b.deviceKey) || rank(a) - rank(b) || a.path.localeCompare(b.path));
}
