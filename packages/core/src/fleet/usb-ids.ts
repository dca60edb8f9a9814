/**
 * USB identities of the supported module families and the role of each
 * serial interface they expose. A module shows up as several ttyUSB/COM ports;
 * only one of them is the AT port that cellftp drives.
 *
 * Every entry names where it comes from. `confidence: 'sourced'` means a
 * vendor USB/driver document or the Linux `option` driver (drivers/usb/serial/option.c
 * and the commit that added the IDs) says so; `'unsourced'` means we have
 * not found such a document and the entry is a best guess that the AT probe
 * must confirm (it always does: the table only orders and labels candidates).
 */

/** What a serial interface of a module carries. */
export type InterfaceRole = 'at' | 'modem' | 'nmea' | 'diag' | 'log' | 'other';

/** One known USB composition (VID:PID) of a module family. */
export interface UsbModemEntry {
  /** Lower-case 4-digit hex, as serialport reports it (`2c7c`). */
  readonly vendorId: string;
  readonly productId: string;
  /** Vendor name as the drivers use it (`quectel`, `simcom`). */
  readonly vendor: string;
  /** Family / models this composition belongs to. */
  readonly family: string;
  /** USB interface number → role. Interfaces not listed are network (QMI/ECM/RNDIS) or audio. */
  readonly interfaces: Readonly<Record<number, InterfaceRole>>;
  /** The interface to probe first for AT. */
  readonly atInterface: number;
  readonly confidence: 'sourced' | 'unsourced';
  /** Where the entry comes from. */
  readonly source: string;
}

const QUECTEL_GUIDE =
  'Quectel "WCDMA&LTE Linux USB Driver User Guide" V1.7 (2017-05-24) and "LTE&5G Linux USB Driver User Guide" V2.0: ' +
  'ttyUSB0 DM, ttyUSB1 NMEA, ttyUSB2 AT, ttyUSB3 modem (PPP/AT), interface 4 network (option.c marks it RSVD(4))';

/** The table. Keep it sorted by vendor ID, then product ID. */
export const USB_MODEMS: readonly UsbModemEntry[] = [
  {
    vendorId: '1e0e',
    productId: '9001',
    vendor: 'simcom',
    family: 'SIM7500/SIM7600 (default composition)',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'unsourced',
    source:
      'Linux option.c lists 1e0e:9001 (SIM7600, RSVD(4)/RSVD(5) for network); the per-interface roles are from field reports ' +
      '(ModemManager port hints), not a SIMCom document we hold: confirmed by the AT probe',
  },
  {
    vendorId: '1e0e',
    productId: '9205',
    vendor: 'simcom',
    family: 'SIM7070/SIM7080/SIM7090 (AT+CUSBSELNV=1, AT + ECM)',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source:
      'Linux commit "USB: serial: option: add support for SIM7070/SIM7080/SIM7090 modules" (A. Morgado, 2020-08-29): ' +
      'ttyUSB0 DIAG/QCDM, ttyUSB1 GNSS, ttyUSB2 AT (control), ttyUSB3 AT (data); interfaces 4-5 cdc_ether',
  },
  {
    vendorId: '1e0e',
    productId: '9206',
    vendor: 'simcom',
    family: 'SIM7070/SIM7080/SIM7090 (AT+CUSBSELNV=86, AT only)',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'log', 4: 'other', 5: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source:
      'same Linux commit: ttyUSB0 DIAG/QCDM, ttyUSB1 GNSS, ttyUSB2 AT (control), ttyUSB3 QFLOG, ttyUSB4 DAM, ttyUSB5 AT (data)',
  },
  {
    vendorId: '2c7c',
    productId: '0121',
    vendor: 'quectel',
    family: 'EC21',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source: `${QUECTEL_GUIDE}; option.c QUECTEL_PRODUCT_EC21 0x0121`,
  },
  {
    vendorId: '2c7c',
    productId: '0125',
    vendor: 'quectel',
    family: 'EC25 / EG25-G',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source: `${QUECTEL_GUIDE}; option.c QUECTEL_PRODUCT_EC25 0x0125`,
  },
  {
    vendorId: '2c7c',
    productId: '0191',
    vendor: 'quectel',
    family: 'EG91',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source: `${QUECTEL_GUIDE}; option.c QUECTEL_PRODUCT_EG91 0x0191`,
  },
  {
    vendorId: '2c7c',
    productId: '0195',
    vendor: 'quectel',
    family: 'EG95',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source: `${QUECTEL_GUIDE}; option.c QUECTEL_PRODUCT_EG95 0x0195`,
  },
  {
    vendorId: '2c7c',
    productId: '0296',
    vendor: 'quectel',
    family: 'BG96',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'sourced',
    source: `${QUECTEL_GUIDE}; option.c QUECTEL_PRODUCT_BG96 0x0296`,
  },
  {
    vendorId: '2c7c',
    productId: '0700',
    vendor: 'quectel',
    family: 'BG95/BG77',
    interfaces: { 0: 'diag', 1: 'nmea', 2: 'at', 3: 'modem' },
    atInterface: 2,
    confidence: 'unsourced',
    source: 'not verified: 2c7c:0700 for BG95 is recalled from option.c, roles assumed from the BG96 layout; no Quectel document held',
  },
];

/** The entry for a VID:PID pair (case-insensitive hex, with or without `0x`). */
export function lookupUsbModem(vendorId: string | undefined, productId: string | undefined): UsbModemEntry | undefined {
  if (!vendorId || !productId) return undefined;
  const v = normaliseHex(vendorId);
  const p = normaliseHex(productId);
  return USB_MODEMS.find((e) => e.vendorId === v && e.productId === p);
}

function normaliseHex(id: string): string {
  return id.toLowerCase().replace(/^0x/, '').padStart(4, '0');
}
